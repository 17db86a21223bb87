"""The public cache keeps one copy per language, and a page published in one language drops
the copies of its translations too (they link to it, or stood in for it)."""

import pytest
from wagtail.models import Locale

from cms import demo_english
from cms.models import AxisPage, HomePage, RecommendationIndexPage, RecommendationPage

pytestmark = pytest.mark.django_db

REC_8_FR = "/recommandations/axe-2/recommandation-8/"
REC_8_EN = "/en" + REC_8_FR
AXIS_2_EN = "/en/recommandations/axe-2/"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def _translate(page, title):
    demo_english.translate_page(page, {"title": title}, Locale.objects.get(language_code="en"))


@pytest.fixture
def english_axis_2(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _translate(HomePage.objects.get(), "Digital health")
        _translate(RecommendationIndexPage.objects.get(), "The 18 recommendations")
        _translate(AxisPage.objects.get(axis__number=2), "Axis 2: Innovation")


def _hit(client, url):
    return client.get(url).get("X-Public-Cache") == "hit"


def _warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert _hit(client, url), url


def test_each_language_keeps_its_own_copy(
    client, english_axis_2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _translate(
            RecommendationPage.objects.get(recommendation__number=8), "Recommendation 8: HAS"
        )
    _warm(client, REC_8_FR, REC_8_EN)
    assert "<h1>Recommandation 8 : " in client.get(REC_8_FR).content.decode()
    assert "<h1>Recommendation 8: HAS</h1>" in client.get(REC_8_EN).content.decode()
    # A visitor reading the interface in English gets a copy of their own of the French page.
    client.cookies["django_language"] = "en"
    first = client.get(REC_8_FR)
    assert "X-Public-Cache" not in first and '<html lang="en"' in first.content.decode()
    assert _hit(client, REC_8_FR)


def test_publishing_a_translation_drops_the_french_and_english_copies(
    client, english_axis_2, django_capture_on_commit_callbacks
):
    untouched = "/recommandations/axe-1/recommandation-3/"
    _warm(client, REC_8_FR, REC_8_EN, AXIS_2_EN, untouched)
    assert "This page is not yet available in English" in client.get(REC_8_EN).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _translate(
            RecommendationPage.objects.get(recommendation__number=8), "Recommendation 8: HAS"
        )
    english = client.get(REC_8_EN)
    assert "X-Public-Cache" not in english
    assert "<h1>Recommendation 8: HAS</h1>" in english.content.decode()
    french = client.get(REC_8_FR)
    assert "X-Public-Cache" not in french and 'hreflang="en"' in french.content.decode()
    assert "Recommendation 8: HAS" in client.get(AXIS_2_EN).content.decode()
    assert _hit(client, untouched)


def test_publishing_a_french_page_drops_the_english_list_showing_it(
    client, english_axis_2, django_capture_on_commit_callbacks
):
    _warm(client, AXIS_2_EN)
    page = RecommendationPage.objects.get(recommendation__number=9)
    with django_capture_on_commit_callbacks(execute=True):
        page.listing_intro = "Nouveau"
        page.save_revision().publish()
    assert not _hit(client, AXIS_2_EN)
