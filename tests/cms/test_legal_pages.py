"""The legal pages exist after migrate (production too), are linked from the footer, and the
footer's "Plan du site" is an HTML page of the whole site."""

import re

import pytest
from wagtail.models import Page

from cms.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

LEGAL_PAGES = {
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/cookies/": "Gestion des cookies",
    "/accessibilite/": "Déclaration d'accessibilité",
}


def footer_links(client):
    footer = client.get("/").content.decode().split('id="pied-de-page"')[1]
    return re.findall(r'class="fr-footer__bottom-link" href="([^"]+)"', footer)


@pytest.mark.parametrize(("path", "title"), LEGAL_PAGES.items())
def test_each_legal_page_renders_from_its_footer_link(client, path, title):
    assert path in footer_links(client)
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>".replace("'", "&#x27;") in response.content.decode()


def test_the_processing_register_covers_every_processing_with_its_facts(client):
    body = client.get("/donnees-personnelles/").content.decode()
    for processing in (
        "Comptes",
        "Contributions aux consultations",
        "Dossiers d",
        "Suivi de la mise en œuvre",
        "Journaux de sécurité",
    ):
        assert processing in body
    for fact in ("Finalité", "Base légale", "Données", "Durée de conservation", "Destinataires"):
        assert body.count(fact) >= 5
    assert "mailto:dpd@sante.gouv.fr" in body


def test_the_cookie_page_lists_the_cookies_the_site_sets(client, settings):
    body = client.get("/cookies/").content.decode()
    names = [
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",
    ]
    assert all(f"<b>{name}</b>" in body for name in names)


def test_legal_pages_are_editable_content_pages_under_home():
    home = HomePage.objects.get()
    pages = ContentPage.objects.child_of(home).filter(slug__in=[p.strip("/") for p in LEGAL_PAGES])
    assert pages.count() == 4
    assert all(page.live and page.body for page in pages)


def test_footer_site_map_is_an_html_page_of_the_tree_and_the_services(client):
    assert "/plan-du-site/" in footer_links(client)
    response = client.get("/plan-du-site/")
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    for page in Page.objects.live().public().filter(depth__gte=2):
        assert f'href="{page.url}"' in body
    for service in ("/avancement/", "/recherche/", "/dossiers/", "/instruction/", "/sitemap.xml"):
        assert f'href="{service}"' in body
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")


@pytest.mark.parametrize("extra_pages", [1, 20])
def test_site_map_queries_do_not_grow_with_pages(
    client, django_assert_max_num_queries, extra_pages
):
    home = HomePage.objects.get()
    for number in range(extra_pages):
        home.add_child(instance=ContentPage(title=f"Page {number}", slug=f"page-{number}"))
    with django_assert_max_num_queries(6):
        assert client.get("/plan-du-site/").status_code == 200
