"""Pages in English: a translation at /en/..., else the French page marked as such; hreflang,
the sitemap, search and the public cache follow the translations."""

import re

import pytest
from wagtail.models import Locale

from cms.models import RecommendationPage
from governance.models import Recommendation

pytestmark = pytest.mark.django_db

REC_8_FR = "/recommandations/axe-2/recommandation-8/"
REC_8_EN = "/en" + REC_8_FR
REC_3_EN = "/en/recommandations/axe-1/recommandation-3/"
NOT_YET = "This page is not yet available in English"


def _main(html):
    return re.search(r"<main[^>]*>", html).group(0)


def _alternates(html):
    """``{hreflang: path}`` of the page's alternate links (full URLs on the site's host)."""
    links = re.findall(
        r'<link rel="alternate" hreflang="([\w-]+)" href="https?://[^/]+([^"]+)"', html
    )
    return dict(links)


def test_english_address_serves_the_english_translation_in_english(client, english_rec_8):
    response = client.get(REC_8_EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "<h1>Recommendation 8: Give the HAS an advisory mission</h1>" in html
    assert "The HAS advises entrepreneurs before any evaluation." in html
    assert "lang=" not in _main(html) and NOT_YET not in html
    assert "Where it stands" in html  # the interface in English too


def test_french_address_still_serves_the_french_page(client, english_rec_8):
    html = client.get(REC_8_FR).content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Recommandation 8 : " in html


def test_untranslated_page_at_its_english_address_is_the_french_page_marked_as_such(
    client, english_rec_8
):
    response = client.get(REC_3_EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html  # the interface stays English
    assert 'lang="fr"' in _main(html)
    assert NOT_YET in html
    assert "<h1>Recommandation 3 : " in html
    assert "Où en est-elle ?" in html  # the content region reads French


def test_english_address_works_before_any_page_is_translated(client):
    response = client.get("/en/consultations/")
    assert response.status_code == 200
    assert NOT_YET in response.content.decode()
    assert client.get("/en/nulle-part/").status_code == 404


def test_an_unpublished_translation_falls_back_to_the_french_page(client, english_rec_8):
    english_rec_8.unpublish()
    html = client.get(REC_8_EN).content.decode()
    assert NOT_YET in html and "<h1>Recommandation 8 : " in html


def test_hreflang_alternates_name_every_live_translation(client, english_rec_8):
    for url in (REC_8_FR, REC_8_EN):
        alternates = _alternates(client.get(url).content.decode())
        assert alternates == {"fr": REC_8_FR, "en": REC_8_EN, "x-default": REC_8_FR}
    untranslated = _alternates(
        client.get("/recommandations/axe-1/recommandation-3/").content.decode()
    )
    assert set(untranslated) == {"fr", "x-default"}


def test_english_lists_show_english_pages_and_the_french_ones_not_yet_translated(
    client, english_rec_8
):
    html = client.get("/en/recommandations/axe-2/").content.decode()
    assert f'href="{REC_8_EN}">Recommendation 8: Give the HAS an advisory mission' in html
    assert 'href="/recommandations/axe-2/recommandation-9/">Recommandation 9 : ' in html


def test_the_language_menu_leads_to_the_page_in_the_other_language(client, english_rec_8):
    html = client.get(REC_8_FR).content.decode()
    assert "/langue/en/?next=%2Fen%2Frecommandations%2Faxe-2%2Frecommandation-8%2F" in html
    html = client.get(REC_8_EN).content.decode()
    assert "/langue/fr/?next=%2Frecommandations%2Faxe-2%2Frecommandation-8%2F" in html


def test_english_reader_on_a_french_address_is_offered_the_translation(client, english_rec_8):
    client.cookies["django_language"] = "en"
    html = client.get(REC_8_FR).content.decode()
    assert 'lang="fr"' in _main(html)
    assert f'href="{REC_8_EN}" hreflang="en">Read this page in English</a>' in html


def test_permalink_leads_to_the_page_in_the_address_language(client, english_rec_8):
    assert client.get("/en/recommandations/8/")["Location"] == REC_8_EN
    assert client.get("/recommandations/8/")["Location"] == REC_8_FR


def test_sitemap_lists_both_languages_with_their_alternates(client, english_rec_8):
    xml = re.sub(r"https?://[^/]+/", "/", client.get("/sitemap.xml").content.decode())
    assert f"<loc>{REC_8_EN}</loc>" in xml
    assert f"<loc>{REC_8_FR}</loc>" in xml
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{REC_8_EN}"/>' in xml
    assert xml.count(f'hreflang="x-default" href="{REC_8_FR}"') == 2
    assert "<loc>/recommandations/axe-1/recommandation-3/</loc>" in xml


def test_english_search_finds_english_pages_and_untranslated_french_ones(client, english_rec_8):
    client.cookies["django_language"] = "en"
    html = client.get("/recherche/", {"q": "entrepreneurs"}).content.decode()
    assert f'href="{REC_8_EN}"' in html and f'href="{REC_8_FR}"' not in html
    html = client.get("/recherche/", {"q": "interopérabilité"}).content.decode()
    assert '<h3 class="fr-h6 fr-mb-1v" lang="fr"><a href="/recommandations/axe-1/' in html
    assert "In French" in html


def test_french_search_finds_french_pages_only(client, english_rec_8):
    html = client.get("/recherche/", {"q": "HAS"}).content.decode()
    assert f'href="{REC_8_FR}"' in html and REC_8_EN not in html


def test_a_new_governance_title_keeps_the_translated_title(english_rec_8):
    recommendation = Recommendation.objects.get(number=8)
    recommendation.title = "Un titre revu"
    recommendation.save()
    english_rec_8.refresh_from_db()
    assert english_rec_8.title == "Recommendation 8: Give the HAS an advisory mission"
    french = RecommendationPage.objects.get(
        recommendation=recommendation, locale__language_code="fr"
    )
    assert french.title == "Recommandation 8 : Un titre revu"


def test_one_page_per_recommendation_and_language(english_rec_8):
    from django.core.exceptions import ValidationError

    duplicate = RecommendationPage(
        title="x", slug="doublon", recommendation_id=english_rec_8.recommendation_id
    )
    duplicate.locale = Locale.objects.get(language_code="en")
    with pytest.raises(ValidationError) as refused:
        english_rec_8.get_parent().add_child(instance=duplicate)
    assert "recommendation" in refused.value.message_dict


def test_editors_edit_and_translate_english_pages_under_the_same_workflow(english_rec_8):
    from governance.roles import Role
    from tests.factories import user_with_role

    editor = user_with_role(Role.EDITOR)
    assert english_rec_8.permissions_for_user(editor).can_edit()
    assert editor.has_perm("wagtail_localize.submit_translation")
    french = RecommendationPage.objects.get(recommendation__number=8, locale__language_code="fr")
    assert english_rec_8.get_workflow() == french.get_workflow() is not None


def test_a_list_of_pages_tells_translations_apart_without_reading_their_locales(
    english_rec_8, django_assert_max_num_queries
):
    pages = list(RecommendationPage.objects.all())
    with django_assert_max_num_queries(1):  # the site's locale, once per process
        assert sum(page.is_translation for page in pages) == 1
