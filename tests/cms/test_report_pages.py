"""The 18 recommendations are published by axis after migrate, read from the governance domain."""

import re

import pytest
from django.utils.html import escape

from cms.models import AxisPage, RecommendationIndexPage, RecommendationPage
from governance.models import Recommendation, RecommendationStatus
from tests.cms.factories import consultation, recommendation_page

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_index_four_axis_pages_and_eighteen_recommendation_pages():
    index = RecommendationIndexPage.objects.get()
    assert index.url == "/recommandations/"
    assert AxisPage.objects.live().child_of(index).count() == 4
    pages = RecommendationPage.objects.live().select_related("recommendation")
    assert sorted(page.recommendation.number for page in pages) == list(range(1, 19))
    for page in pages:
        assert page.get_parent().specific.axis_id == page.recommendation.axis_id


def test_index_links_eighteen_recommendation_pages_under_four_axis_headings(client):
    html = client.get("/recommandations/").content.decode()
    headings = re.findall(r'<h2 id="axe-(\d)">', html)
    assert headings == ["1", "2", "3", "4"]
    links = set(re.findall(r'href="(/recommandations/axe-\d/recommandation-\d+/)"', html))
    assert len(links) == 18
    # Each recommendation is listed in the section of its own axis.
    sections = re.split(r'<h2 id="axe-', html)[1:]
    for section in sections:
        axis_number = int(section[0])
        numbers = [int(n) for n in re.findall(r"recommandation-(\d+)/", section)]
        expected = Recommendation.objects.filter(axis__number=axis_number)
        assert set(numbers) == set(expected.values_list("number", flat=True))


@pytest.mark.parametrize("number", range(1, 19))
def test_each_recommendation_page_renders_its_number_axis_title_and_status(client, number):
    recommendation = Recommendation.objects.select_related("axis").get(number=number)
    response = client.get(recommendation_page(number).url)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(f"Recommandation {number} : {recommendation.title}") in html
    assert escape(f"Axe {recommendation.axis.number} : {recommendation.axis.title}") in html
    assert str(recommendation.get_status_display()) in html


def test_recommendation_page_shows_current_status_progress_and_lead_institutions(client):
    recommendation = Recommendation.objects.get(number=8)
    recommendation.status = RecommendationStatus.IN_PROGRESS
    recommendation.progress = 40
    recommendation.save()
    html = client.get(recommendation_page(8).url).content.decode()
    assert "fr-badge" in html and str(RecommendationStatus.IN_PROGRESS.label) in html
    assert '<progress class="site-progress" max="100" value="40"' in html
    assert "Haute Autorité de santé" in html or "HAS" in html
    assert escape(recommendation.summary) in html


def test_recommendation_page_lists_its_open_and_past_consultations(client):
    recommendation = Recommendation.objects.get(number=8)
    consultation("open", title="Ouverte sur la HAS", recommendations=[recommendation])
    consultation("closed", title="Close sur la HAS", recommendations=[recommendation])
    consultation("open", title="Sans rapport")
    html = client.get(recommendation_page(8).url).content.decode()
    assert "Ouverte sur la HAS" in html
    assert "Close sur la HAS" in html
    assert "Sans rapport" not in html


def test_axis_page_lists_its_recommendations(client):
    html = client.get("/recommandations/axe-2/").content.decode()
    numbers = sorted(int(n) for n in set(re.findall(r"recommandation-(\d+)/", html)))
    assert numbers == [5, 6, 7, 8, 9]


def test_permalink_redirects_to_the_recommendation_page(client):
    response = client.get("/recommandations/8/")
    assert response.status_code == 302
    assert response["Location"] == "/recommandations/axe-2/recommandation-8/"
    assert Recommendation.objects.get(number=8).get_absolute_url() == "/recommandations/8/"


@pytest.mark.parametrize("number", [0, 19, 999])
def test_permalink_of_an_unknown_recommendation_is_404(client, number):
    assert client.get(f"/recommandations/{number}/").status_code == 404


def test_unpublished_recommendation_page_is_not_listed_and_its_permalink_is_404(client):
    recommendation_page(8).unpublish()
    html = client.get("/recommandations/").content.decode()
    assert "recommandation-8/" not in html
    assert client.get("/recommandations/8/").status_code == 404


def test_pages_below_home_carry_dsfr_breadcrumbs_and_seo_meta(client):
    html = client.get(recommendation_page(8).url).content.decode()
    assert 'class="fr-breadcrumb"' in html
    assert 'href="/recommandations/axe-2/"' in html
    assert '<meta name="description" content="' in html
    home = client.get("/").content.decode()
    assert 'class="fr-breadcrumb"' not in home
