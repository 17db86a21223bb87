"""The site in English: the translated pages read in English, an untranslated one in French
under a notice, the language menu leads from a page to its translation; axe passes on each."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

REC_8 = "/recommandations/axe-2/recommandation-8/"
NOT_YET = "This page is not yet available in English"


def test_english_home_reads_in_english(page, demo_server):
    response = page.goto(f"{demo_server}/en/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Digital health")
    expect(page.get_by_role("heading", name="The report's four axes")).to_be_visible()
    expect(page.get_by_text(NOT_YET)).to_have_count(0)
    assert page.locator("main").get_attribute("lang") is None
    assert_accessible(page)


def test_translated_recommendation_reads_in_english(page, demo_server):
    response = page.goto(f"{demo_server}/en{REC_8}")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(
        "Recommendation 8: Give the HAS a statutory mission to advise entrepreneurs"
    )
    expect(page.get_by_text("What this changes")).to_be_visible()
    expect(page.get_by_role("heading", name="Where it stands")).to_be_visible()
    assert page.locator('link[rel=alternate][hreflang="fr"]').get_attribute("href").endswith(REC_8)
    assert_accessible(page)


def test_english_lists_lead_to_english_pages(page, demo_server):
    page.goto(f"{demo_server}/en/recommandations/")
    expect(page.locator("h1")).to_have_text("The 18 recommendations")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Recommendation 11: ")).click()
    expect(page).to_have_url(re.compile(r"/en/recommandations/axe-3/recommandation-11/$"))
    expect(page.get_by_text("Roll out quickly, but within a clear framework.")).to_be_visible()
    assert_accessible(page)


def test_untranslated_page_is_shown_in_french_under_a_notice(page, demo_server):
    response = page.goto(f"{demo_server}/en/consultations/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text(NOT_YET)).to_be_visible()
    expect(page.locator("main")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Consultations publiques")
    # The interface around it stays English.
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    assert_accessible(page)


def test_language_menu_leads_from_a_page_to_its_translation(page, demo_server):
    page.goto(f"{demo_server}{REC_8}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("button[aria-controls=menu-langue]").click()
    page.locator("#menu-langue").get_by_role("link", name="EN - English").click()
    expect(page).to_have_url(re.compile(rf"/en{REC_8}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Recommendation 8:")
    page.locator("button[aria-controls=menu-langue]").click()
    page.locator("#menu-langue").get_by_role("link", name="FR - Français").click()
    expect(page).to_have_url(re.compile(rf"{REC_8}$"))
    expect(page.locator("h1")).to_contain_text("Recommandation 8 :")
