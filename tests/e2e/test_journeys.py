"""The journeys of the workbench issue's "broken or confusing" list, in the browser: the
correction request leads the applicant's page, final actions ask for confirmation (a DSFR
modal by keyboard, a confirmation page without JavaScript), a refused form comes back on the
dossier page, the decision leads the page, and each role lands where it works.

New interface strings may not be translated yet: the checks use structure (ids, roles,
states), not the wording of new messages.
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_accessible

SCREENSHOTS = Path("/tmp/e2e-journeys")
RESERVED = "Agenda vaccinal familial"  # Mon espace santé, a suspensive reservation to lift
SUBMITTED = "Télésurveillance de l'insuffisance cardiaque"  # Île-de-France, submitted
IN_HUB_REVIEW = "Rééducation post-AVC en réalité virtuelle"
AWAITING_DECISION = "Suivi des patients sous chimiothérapie orale"


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def _open_from_queue(page, demo_server, title):
    page.goto(f"{demo_server}/instruction/?q={title[:12]}")
    assert_accessible(page)
    link = page.locator("main tr, main li, main .fr-card", has_text=title).get_by_role("link")
    with page.expect_navigation():
        link.first.click()
    assert page.locator("h1").inner_text() == title
    assert_accessible(page)


def test_the_reservation_to_lift_leads_the_applicants_page_and_list(sign_in, demo_server):
    page = sign_in("entrepreneur")
    assert page.url == f"{demo_server}/dossiers/"
    row = page.locator("tbody tr", has_text=RESERVED)
    assert row.locator(".fr-badge--warning").count() == 2  # the state, and "action required"
    other = page.locator("tbody tr", has_text=SUBMITTED)
    assert other.locator(".fr-badge--warning").count() == 0
    assert_accessible(page)
    _shot(page, "1-my-dossiers-action-required")
    with page.expect_navigation():
        row.get_by_role("link").click()
    lead = page.locator("#action-required")
    assert lead.locator(".fr-callout").count() == 1
    assert lead.locator("input[type=file]").count() == 1
    assert lead.locator("textarea[name=resubmit-comment]").count() == 1
    assert _top(page, "#action-required") < _top(page, "#content-title")
    assert _top(page, "#action-required .fr-callout") < _top(
        page, "#action-required button[type=submit]"
    )
    assert page.locator("input[type=file]").count() == 1
    assert_accessible(page)
    _shot(page, "2-correction-leads-the-page")


def test_closing_asks_for_confirmation_in_a_modal_that_works_by_keyboard(sign_in, demo_server):
    page = sign_in("hub-idf")
    assert page.url == f"{demo_server}/instruction/"
    _open_from_queue(page, demo_server, SUBMITTED)
    dossier_url = page.url
    page.locator("textarea[name=close-comment]").fill("Hors du champ du forfait.")
    trigger = page.locator("button[aria-controls=confirm-close]").first
    trigger.focus()
    page.keyboard.press("Enter")
    modal = page.locator("dialog#confirm-close")
    modal.locator("button[name=confirmed]").wait_for(state="visible")
    assert "fr-modal--opened" in modal.get_attribute("class")
    # axe reads colours once the modal's fade-in is over.
    page.wait_for_function(
        "getComputedStyle(document.getElementById('confirm-close')).opacity === '1'"
    )
    assert page.evaluate(
        "document.getElementById('confirm-close').contains(document.activeElement)"
    )
    assert_accessible(page)
    _shot(page, "3-close-modal-open")
    page.keyboard.press("Escape")
    modal.locator("button[name=confirmed]").wait_for(state="hidden")
    assert page.evaluate(
        "document.activeElement === document.querySelector('[aria-controls=confirm-close]')"
    )
    page.reload()
    assert page.url == dossier_url
    assert page.locator("button[aria-controls=confirm-close]").count() == 1  # nothing applied

    page.locator("textarea[name=close-comment]").fill("Hors du champ du forfait.")
    page.locator("button[aria-controls=confirm-close]").first.click()
    confirm = modal.locator("button[name=confirmed]")
    confirm.wait_for(state="visible")
    confirm.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == dossier_url
    alert = page.locator(".fr-alert--success, .fr-notice, [role=alert], .fr-alert").first
    assert "C'est fait" not in page.locator("main").inner_text()
    assert page.locator("main .fr-badge").first.text_content().strip() == "Clôturé"
    assert alert.count() == 1
    assert_accessible(page)
    _shot(page, "4-closed")


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page, demo_server, username):
    page.goto(f"{demo_server}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "demo")
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()


def test_without_javascript_a_decision_goes_through_a_confirmation_page(
    no_script_page, demo_server
):
    page = no_script_page
    _sign_in(page, demo_server, "decideur")
    assert page.url == f"{demo_server}/instruction/"
    _open_from_queue(page, demo_server, AWAITING_DECISION)
    dossier_url = page.url
    page.locator("textarea[name=approve-comment]").fill("Étude pilote concluante.")
    with page.expect_navigation():
        page.locator("button[aria-controls=confirm-approve]").click()
    assert "/transitions/approve/" in page.url
    assert page.locator("input[type=hidden][name=approve-comment]").input_value() == (
        "Étude pilote concluante."
    )
    assert_accessible(page)
    _shot(page, "5-no-script-confirmation-page")
    with page.expect_navigation():
        page.locator("main button[name=confirmed]").click()
    assert page.url == dossier_url
    decision = page.locator("#decision")
    assert decision.count() == 1
    assert "Étude pilote concluante." in decision.inner_text()
    assert _top(page, "#decision") < _top(page, "#content-title")
    assert_accessible(page)
    _shot(page, "6-decision-leads-the-page")


def test_a_refused_form_comes_back_on_the_dossier_page_which_reloads(sign_in, demo_server):
    page = sign_in("hub-idf")
    _open_from_queue(page, demo_server, IN_HUB_REVIEW)
    dossier_url = page.url
    with page.expect_navigation():
        page.locator("form[aria-labelledby=action-request_correction] button").click()
    assert page.url.split("#")[0] == dossier_url
    assert page.locator("#id_request_correction-comment-errors").count() == 1
    assert_accessible(page)
    _shot(page, "7-refused-form-back-on-the-page")
    response = page.reload()
    assert response.status == 200
    assert page.locator("#id_request_correction-comment-errors").count() == 0


def test_the_decision_letter_is_offered_at_the_top_of_a_decided_dossier(sign_in, demo_server):
    page = sign_in("entrepreneur")
    with page.expect_navigation():
        page.locator("tbody tr", has_text="Application d'observance des traitements").get_by_role(
            "link"
        ).click()
    decision = page.locator("#decision")
    assert decision.count() == 1
    assert _top(page, "#decision") < _top(page, "#content-title")
    assert_accessible(page)
    _shot(page, "8-decided-dossier")
