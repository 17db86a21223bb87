"""The footer's legal pages and HTML site map, reached by clicking, pass axe."""

import pytest

from tests.e2e.conftest import assert_accessible

FOOTER_LINKS = [
    "/plan-du-site/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/cookies/",
]


@pytest.mark.parametrize("path", FOOTER_LINKS)
def test_footer_link_opens_an_accessible_page(page, demo_server, path):
    page.goto(f"{demo_server}/")
    with page.expect_navigation():
        page.locator(f'footer a.fr-footer__bottom-link[href="{path}"]').click()
    assert page.url == f"{demo_server}{path}"
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_sign_in_page_shows_both_services_with_their_official_buttons(page, demo_server):
    page.goto(f"{demo_server}/accounts/login/")
    buttons = page.locator("button.fr-connect")
    assert buttons.count() == 2
    assert page.locator("button.fr-connect--proconnect").inner_text().split() == [
        *page.locator("button.fr-connect--proconnect .fr-connect__login").inner_text().split(),
        "ProConnect",
    ]
    assert page.get_by_role("link", name="ProConnect").count() == 1
    page.screenshot(path="/tmp/oidc-login.png", full_page=True)
    assert_accessible(page)
