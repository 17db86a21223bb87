"""The DSFR shell every page extends, in French by default and English on request."""

import pytest

from governance.roles import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_home_page_in_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Aller au contenu" in html or "Contenu" in html
    assert "Recommandations" in html
    assert "République<br>française" in html
    assert 'id="pied-de-page"' in html and 'id="contenu"' in html


def test_home_page_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Recommendations" in html and "Sign in" in html
    assert "French<br>Republic" in html


def test_language_switch_sets_the_language_and_returns_to_the_page(client):
    response = client.get("/langue/en/", {"next": "/recommandations/"})
    assert response.status_code == 302
    assert response["Location"] == "/recommandations/"
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_language_switch_never_redirects_off_site(client, next_url):
    response = client.get("/langue/en/", {"next": next_url})
    assert response["Location"] == "/"


def test_unknown_language_is_404(client):
    assert client.get("/langue/de/").status_code == 404


def test_dsfr_assets_are_served_locally(client):
    html = client.get("/").content.decode()
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html
    assert "cdn" not in html.lower().replace("cdnum", "")


def test_content_security_policy_forbids_inline_scripts(client):
    import re

    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all("src=" in tag or "nonce=" in tag for tag in scripts)


def test_navigation_shows_each_person_their_spaces(client):
    client.force_login(user_with_role(Role.ENTREPRENEUR))
    html = client.get("/").content.decode()
    assert 'href="/dossiers/"' in html and 'href="/instruction/"' not in html
    client.force_login(user_with_role(Role.HAS_ADVISER))
    html = client.get("/").content.decode()
    assert 'href="/instruction/"' in html and 'href="/dossiers/"' not in html
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert 'href="/instruction/"' not in html and 'href="/admin/"' not in html


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_admin_asks_to_sign_in_in_french(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode() or "Connexion" in response.content.decode()


def test_signup_page_has_labelled_fields(client):
    html = client.get("/accounts/signup/").content.decode()
    for field in ["email", "username", "password1", "password2"]:
        assert f'for="id_{field}"' in html
