"""The site in English: the translated pages read in English, an untranslated one in French
under a notice, the language menu leads from a page to its translation, the English open
consultation takes part in its French conversation; axe passes on each."""

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
    response = page.goto(f"{demo_server}/en/consultations/conseil-has-aux-entrepreneurs/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text(NOT_YET)).to_be_visible()
    expect(page.locator("main")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Une mission de conseil de la HAS aux entrepreneurs")
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


OPEN = "/consultations/espace-numerique-de-sante-services/"
SECOND_QUESTION_EN = "What safeguards do you expect on access to your data?"
SECOND_QUESTION_FR = "Quelles garanties attendez-vous sur l'accès à vos données ?"


def test_a_citizen_answers_the_english_consultation_and_finds_it_in_both_languages(
    page, demo_server, sign_in
):
    sign_in("citoyen3")
    page.goto(f"{demo_server}/en/consultations/")
    expect(page.locator("h1")).to_have_text("Public consultations")
    assert_accessible(page)
    page.get_by_role("link", name="Digital health space: which services for citizens?").click()
    expect(page).to_have_url(re.compile(rf"/en{OPEN}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text(NOT_YET)).to_have_count(0)
    assert page.locator("main").get_attribute("lang") is None
    # The French conversation, under the English questions.
    expect(page.get_by_text("pouvoir retrouver tous mes comptes rendus")).to_be_visible()
    assert_accessible(page)
    group = page.locator("section[id^=question-]", has_text=SECOND_QUESTION_EN).first
    group.get_by_label("Your comment").fill("Tell me each time someone opens my record.")
    with page.expect_navigation():
        group.get_by_role("button", name="Publish my comment").click()
    expect(page).to_have_url(re.compile(rf"/en{OPEN}#commentaire-\d+$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    group = page.locator("section[id^=question-]", has_text=SECOND_QUESTION_EN).first
    expect(group.locator("li[id^=commentaire-]", has_text="each time someone opens")).to_have_count(
        1
    )
    expect(group.locator(".fr-alert--success")).to_be_visible()
    first = page.locator("section[id^=question-]").first
    expect(first.locator("li", has_text="each time someone opens")).to_have_count(0)
    page.screenshot(path="/tmp/en-consult.png", full_page=True)
    assert_accessible(page)
    page.goto(f"{demo_server}{OPEN}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    group = page.locator("section[id^=question-]", has_text=SECOND_QUESTION_FR).first
    expect(group.locator("li[id^=commentaire-]", has_text="each time someone opens")).to_have_count(
        1
    )
    assert_accessible(page)
