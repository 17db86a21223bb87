"""Every page a person reaches passes axe and carries the DSFR shell."""

import pytest

from tests.e2e.conftest import assert_accessible

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/avancement/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_axe(page, demo_server, path):
    response = page.goto(f"{demo_server}{path}")
    assert response.status == 200
    assert page.locator("header.fr-header").count() == 1
    assert page.locator("footer.fr-footer").count() == 1
    assert_accessible(page)


def test_english_version_passes_axe(page, demo_server):
    page.goto(f"{demo_server}/langue/en/?next=/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_signed_in_header_passes_axe(sign_in, demo_server):
    page = sign_in("citoyen")
    page.goto(f"{demo_server}/")
    assert page.get_by_role("button", name="Se déconnecter").count() == 1
    assert_accessible(page)
