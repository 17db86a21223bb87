"""Site search, the sitemap and the consultations feed."""

import re

import pytest

from cms.models import RecommendationPage
from tests.cms.factories import consultation

pytestmark = pytest.mark.django_db


def test_search_for_has_finds_recommendation_8(client):
    response = client.get("/recherche/", {"q": "HAS"})
    assert response.status_code == 200
    assert 'href="/recommandations/axe-2/recommandation-8/"' in response.content.decode()


def test_search_finds_a_consultation_by_its_intro(client):
    consultation("open", title="Sur la e-santé", intro="Questions sur la téléconsultation.")
    html = client.get("/recherche/", {"q": "téléconsultation"}).content.decode()
    assert "Sur la e-santé" in html


def test_search_form_has_a_label_and_empty_query_shows_no_results(client):
    html = client.get("/recherche/").content.decode()
    assert '<label class="fr-label" for="champ-recherche">' in html
    assert 'id="titre-resultats"' not in html


@pytest.mark.parametrize("query", ["a" * 5000, "%00", "<script>", "' OR 1=1 --"])
def test_odd_queries_never_fail(client, query):
    response = client.get("/recherche/", {"q": query, "page": "x"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="contenu"')[1]


def test_sitemap_lists_every_recommendation_page(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))
    for page in RecommendationPage.objects.live():
        assert any(location.endswith(page.url) for location in locations), page.url


def test_sitemap_lists_consultations_but_not_unpublished_pages(client):
    live = consultation("open", title="Publiée")
    draft = consultation("open", title="Retirée")
    draft.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert live.url in xml
    assert draft.url not in xml


def test_feed_lists_the_consultations(client):
    consultation("open", title="Ouverte")
    consultation("closed", title="Close")
    consultation("upcoming", title="À venir")
    response = client.get("/consultations/flux/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.count("<entry>") == 3
    for title in ("Ouverte", "Close", "À venir"):
        assert f"<title>{title} (" in xml


@pytest.mark.parametrize(
    ("indexed", "query"),
    [("données", "donnée"), ("donnée", "données"), ("Les médecins traitants", "médecin")],
)
def test_search_forgives_plurals_and_accents(client, indexed, query):
    consultation("open", title="Sur le partage", intro=f"Partager {indexed} entre soignants.")
    html = client.get("/recherche/", {"q": query}).content.decode()
    assert "Sur le partage" in html
