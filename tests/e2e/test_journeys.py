"""The journeys of the workbench issue's "broken or confusing" list, in the browser: the
correction request leads the applicant's page, final actions ask for confirmation (a DSFR
modal by keyboard, a confirmation page without JavaScript), a refused form comes back on the
dossier page, the decision leads the page, and each role lands where it works.

Pages are read in French, as the applicants and reviewers read them.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_accessible_without_script

SCREENSHOTS = Path("/tmp/e2e-journeys")
RESERVED = "Agenda vaccinal familial"  # Mon espace santé, a suspensive reservation to lift
SUBMITTED = "Télésurveillance de l'insuffisance cardiaque"  # Île-de-France, submitted
IN_HUB_REVIEW = "Rééducation post-AVC en réalité virtuelle"
AWAITING_DECISION = "Suivi des patients sous chimiothérapie orale"
TO_WITHDRAW = "Coordination ville-hôpital en Occitanie"  # entrepreneur2's, in expert review
# Its HAS review accepted, not yet filed; filed here, so no other walk may rely on it.
UNDER_REVIEW = "Télésuivi des plaies chroniques"


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
    # One upload for the dossier's documents, in the lead; the message form has its own.
    assert page.locator("input[type=file][name=file]").count() == 1
    assert_accessible(page)
    _shot(page, "2-correction-leads-the-page")


# Final actions: a DSFR modal by keyboard, a confirmation page without JavaScript. ----------


def _focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def _focus_inside(page, modal_id):
    return page.evaluate(
        "id => document.getElementById(id).contains(document.activeElement)", modal_id
    )


def _wait_until_open(page, modal_id):
    """The modal is shown, its fade-in over (axe reads its colours once it is)."""
    expect(page.locator(f"#{modal_id} button[name=confirmed]")).to_be_visible()
    page.wait_for_function(
        "id => getComputedStyle(document.getElementById(id)).opacity === '1'", arg=modal_id
    )


def _reference(page):
    return page.locator("h1 + p").inner_text().split(" · ")[0]


def test_the_hub_closes_through_a_confirmation_modal_by_keyboard_only(sign_in, demo_server):
    page = sign_in("hub-idf")
    _open_from_queue(page, demo_server, SUBMITTED)
    dossier_url, reference = page.url, _reference(page)
    comment = page.locator("textarea[name=close-comment]")
    comment.focus()
    page.keyboard.type("Hors du champ de l'appel : pas de dimension numérique.")
    trigger = page.locator("[data-confirm-trigger][aria-controls=confirm-close]")
    page.keyboard.press("Tab")
    assert _focused(trigger)

    # Enter opens the modal and moves the focus into it; Tab and Shift+Tab stay inside.
    page.keyboard.press("Enter")
    _wait_until_open(page, "confirm-close")
    modal = page.locator("#confirm-close")
    expect(modal).to_have_attribute("aria-labelledby", "confirm-close-title")
    assert _focus_inside(page, "confirm-close")
    for key in ["Tab"] * 4 + ["Shift+Tab"] * 4:
        page.keyboard.press(key)
        assert _focus_inside(page, "confirm-close"), key
    assert_accessible(page)
    _shot(page, "3-close-modal-open")

    # Escape closes it, the focus goes back to the button, and nothing is applied.
    page.keyboard.press("Escape")
    expect(modal.locator("button[name=confirmed]")).to_be_hidden()
    assert _focused(trigger)
    assert page.url == dossier_url
    # So does its close button.
    page.keyboard.press("Enter")
    _wait_until_open(page, "confirm-close")
    assert _focused(modal.locator(".fr-btn--close"))
    page.keyboard.press("Enter")
    expect(modal.locator("button[name=confirmed]")).to_be_hidden()
    assert _focused(trigger)

    # Confirming performs the action; the message says what happened and what comes next.
    page.keyboard.press("Enter")
    _wait_until_open(page, "confirm-close")
    confirm = modal.locator("button[name=confirmed]")
    for _ in range(3):
        if _focused(confirm):
            break
        page.keyboard.press("Tab")
    assert _focused(confirm)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == dossier_url
    success = page.locator(".fr-alert--success")
    expect(success).to_contain_text(f"Dossier {reference} clôturé sans suite")
    expect(success).to_contain_text("le porteur est notifié avec votre motif")
    assert page.locator("#confirm-close").count() == 0
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


def test_without_javascript_the_applicant_withdraws_through_a_confirmation_page(
    browser, no_script_page, demo_server
):
    page = no_script_page
    _sign_in(page, demo_server, "entrepreneur2")
    assert page.url == f"{demo_server}/dossiers/"
    with page.expect_navigation():
        page.locator("tbody tr", has_text=TO_WITHDRAW).get_by_role("link").click()
    dossier_url, reference = page.url, _reference(page)
    expect(page.locator("#confirm-withdraw")).to_be_hidden()
    assert_accessible_without_script(browser, page)
    page.locator("textarea[name=withdraw-comment]").fill("Projet réorienté vers la télésanté.")
    with page.expect_navigation():
        page.locator("[data-confirm-trigger][aria-controls=confirm-withdraw]").click()
    assert page.url == f"{dossier_url}transitions/withdraw/"
    expect(page.locator("h1")).to_have_text("Confirmer : Retirer le dossier")
    expect(page.locator("main .fr-alert--warning")).to_be_visible()
    expect(page.locator("main blockquote")).to_have_text("Projet réorienté vers la télésanté.")
    assert_accessible_without_script(browser, page)
    _shot(page, "5-no-script-confirmation-page")

    with page.expect_navigation():
        page.locator("main button[name=confirmed]").click()
    assert page.url == dossier_url
    success = page.locator(".fr-alert--success")
    expect(success).to_contain_text(f"Dossier {reference} retiré")
    expect(success).to_contain_text("Vous pouvez déposer un nouveau dossier à tout moment.")
    assert page.locator("[aria-controls=confirm-withdraw]").count() == 0
    assert_accessible_without_script(browser, page)
    _shot(page, "6-no-script-withdrawn")


def test_a_refused_close_comes_back_on_the_dossier_page_which_reloads(sign_in, demo_server):
    page = sign_in("hub-idf")
    _open_from_queue(page, demo_server, IN_HUB_REVIEW)
    dossier_url = page.url
    page.locator("[data-confirm-trigger][aria-controls=confirm-close]").click()
    _wait_until_open(page, "confirm-close")
    with page.expect_navigation():
        page.locator("#confirm-close button[name=confirmed]").click()
    assert page.url == f"{dossier_url}#action-close"
    errors = page.locator("#id_close-comment-errors")
    expect(errors).to_have_text("Ce commentaire est obligatoire.")
    expect(page.locator("textarea[name=close-comment]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".fr-alert--error")).to_be_visible()
    assert_accessible(page)
    _shot(page, "7-refused-close-back-on-the-page")
    response = page.reload()
    assert response.status == 200
    assert page.url.split("#")[0] == dossier_url
    assert errors.count() == 0
    assert page.locator("[data-confirm-trigger][aria-controls=confirm-close]").count() == 1


def test_the_decision_maker_approves_and_the_decision_leads_the_page(
    sign_in, demo_server, run_tasks
):
    page = sign_in("decideur")
    assert page.url == f"{demo_server}/instruction/"
    _open_from_queue(page, demo_server, AWAITING_DECISION)
    dossier_url, reference = page.url, _reference(page)
    page.locator("textarea[name=approve-comment]").fill("Étude pilote concluante.")
    page.locator("[data-confirm-trigger][aria-controls=confirm-approve]").click()
    _wait_until_open(page, "confirm-approve")
    assert_accessible(page)
    _shot(page, "8-approve-modal")
    with page.expect_navigation():
        page.locator("#confirm-approve button[name=confirmed]").click()
    assert page.url == dossier_url
    expect(page.locator(".fr-alert--success")).to_contain_text(f"Dossier {reference} approuvé")

    run_tasks()  # the letter is drawn up by the worker, after the decision is committed
    page.reload()
    decision = page.locator("#decision")
    assert _top(page, "#decision") < _top(page, "#content-title")
    expect(decision.locator("h2")).to_contain_text("Décision : Approuvé")
    expect(decision.locator("#decision-institution")).to_contain_text(
        "Ministère chargé de la santé et de la sécurité sociale"
    )
    expect(decision.locator("#decision-maker")).to_contain_text(
        "Pour les ministres chargés de la santé et de la sécurité sociale"
    )
    expect(decision.locator("#decision-opinions li").first).to_contain_text("Vu l'avis de")
    expect(decision.locator("#decision-reasons")).to_have_text("Étude pilote concluante.")
    expect(decision).to_contain_text("Voies et délais de recours")
    expect(decision.locator("#decision-appeal")).to_contain_text("tribunal administratif")
    letter = decision.get_by_role("link", name=re.compile("courrier de décision"))
    with page.expect_download() as download:
        letter.click()
    assert download.value.suggested_filename == f"decision-{reference}.pdf"
    assert_accessible(page)
    _shot(page, "9-decision-leads-the-page")


def test_an_expert_files_a_review_only_once_confirmed(sign_in, demo_server):
    page = sign_in("has-adviser")
    _open_from_queue(page, demo_server, UNDER_REVIEW)
    form = page.locator("form:has(textarea[name$='-submit-comment'])")
    modal_id = form.locator("[data-confirm-trigger]").get_attribute("aria-controls")
    form.locator("label[for$=opinion_0]").click()
    form.locator("textarea").fill("Bénéfice clinique plausible ; protocole solide.")
    # Enter in a field opens the confirmation too: nothing is filed unconfirmed.
    form.locator("input[type=radio]:checked").press("Enter")
    _wait_until_open(page, modal_id)
    assert _focus_inside(page, modal_id)
    expect(page.locator(f"#{modal_id}")).to_contain_text("Rendre l'avis est définitif")
    assert_accessible(page)
    _shot(page, "10-review-modal")
    page.keyboard.press("Escape")
    expect(page.locator(f"#{modal_id} button[name=confirmed]")).to_be_hidden()

    form.locator("[data-confirm-trigger]").click()
    _wait_until_open(page, modal_id)
    with page.expect_navigation():
        page.locator(f"#{modal_id} button[name=confirmed]").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Avis rendu")
    assert page.locator(f"#{modal_id}").count() == 0
    expect(page.locator("#reviews")).to_contain_text(
        "Bénéfice clinique plausible ; protocole solide."
    )
    assert_accessible(page)
    _shot(page, "11-review-filed")
