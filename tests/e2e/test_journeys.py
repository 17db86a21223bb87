"""The journeys of the workbench issue's "broken or confusing" list, in the browser: the
correction request leads the applicant's page, final actions ask for confirmation (a DSFR
modal by keyboard, a confirmation page without JavaScript), a refused form comes back on the
dossier page, the decision leads the page, and each role lands where it works.

New interface strings may not be translated yet: the checks use structure (ids, roles,
states), not the wording of new messages.
"""

from pathlib import Path

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
