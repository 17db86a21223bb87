"""Every page a person reaches passes axe and carries the DSFR shell."""

import re

import pytest

from tests.e2e.conftest import assert_accessible

PUBLIC_PAGES = [
    "/",
    "/recommandations/",
    "/recommandations/8/",
    "/consultations/",
    "/avancement/",
    "/recherche/?q=HAS",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]

SIGNED_IN_PAGES = [
    ("entrepreneur", "/dossiers/"),
    ("entrepreneur", "/dossiers/nouveau/"),
    ("hub-idf", "/instruction/"),
    ("has-adviser", "/instruction/"),
    ("ans-expert", "/instruction/"),
    ("ars-idf", "/instruction/"),
    ("decideur", "/instruction/"),
    ("citoyen", "/accounts/email/"),
]


def links_under(page, prefix):
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.pathname)")
    return sorted({href for href in hrefs if re.fullmatch(prefix, href)})


def assert_page_ok(page, response):
    assert response.status == 200, page.url
    assert page.locator("header.fr-header").count() == 1
    assert page.locator("footer.fr-footer").count() == 1
    assert page.locator("h1").count() == 1, f"{page.url} must have exactly one h1"
    assert_accessible(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_axe(page, demo_server, path):
    assert_page_ok(page, page.goto(f"{demo_server}{path}"))


def test_every_consultation_page_passes_axe(page, demo_server):
    page.goto(f"{demo_server}/consultations/")
    consultations = [
        path
        for path in links_under(page, r"/consultations/[\w-]+/")
        if path != "/consultations/flux/"
    ]
    assert len(consultations) >= 3
    for path in consultations:
        assert_page_ok(page, page.goto(f"{demo_server}{path}"))


def test_recommendation_and_axis_pages_pass_axe(page, demo_server):
    page.goto(f"{demo_server}/recommandations/")
    pages = links_under(page, r"/recommandations/[\w-]+/([\w-]+/)?")
    assert len(pages) >= 18
    for path in pages[:6]:
        assert_page_ok(page, page.goto(f"{demo_server}{path}"))


def test_english_version_passes_axe(page, demo_server):
    page.goto(f"{demo_server}/langue/en/?next=/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


@pytest.mark.parametrize(("username", "path"), SIGNED_IN_PAGES)
def test_signed_in_page_passes_axe(sign_in, demo_server, username, path):
    page = sign_in(username)
    assert_page_ok(page, page.goto(f"{demo_server}{path}"))


@pytest.mark.parametrize(
    ("username", "space"),
    [
        ("entrepreneur", "/dossiers/"),
        ("hub-idf", "/instruction/"),
        ("has-adviser", "/instruction/"),  # a running review: its forms, beside the ANS opinion
    ],
)
def test_dossier_pages_pass_axe(sign_in, demo_server, username, space):
    page = sign_in(username)
    page.goto(f"{demo_server}{space}")
    dossiers = links_under(page, r"/(dossiers|instruction)/\d+/")
    assert dossiers, f"{username} sees no dossier in {space}"
    for path in dossiers[:3]:
        assert_page_ok(page, page.goto(f"{demo_server}{path}"))


def test_open_consultation_with_its_comment_form_passes_axe(sign_in, demo_server):
    page = sign_in("citoyen")
    page.goto(f"{demo_server}/consultations/")
    for path in links_under(page, r"/consultations/[\w-]+/"):
        if path == "/consultations/flux/":
            continue
        page.goto(f"{demo_server}{path}")
        if page.locator("main form textarea").count():
            assert_accessible(page)
            return
    pytest.fail("no open consultation with a comment form in the demo")
