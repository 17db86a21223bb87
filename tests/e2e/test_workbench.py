"""The hub's workbench in the browser: a queue that fits at 1280 and 375 px, assigning,
a private note, comparing filed versions and exporting the queue as XLSX (read back)."""

from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.conftest import assert_accessible, assert_fits_sideways

SCREENSHOTS = Path("/tmp/e2e-workbench")
IN_REVIEW = "Rééducation post-AVC en réalité virtuelle"
RESUBMITTED = "Thérapie numérique de l'insomnie"
NOTE = "Vérifier l'étude pilote avant la qualification."
COLUMNS = ("#col-state", "#col-deadline", "#col-filed", "#col-assignee")


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _queue_at(page, demo_server, width, tab="en-cours"):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{demo_server}/instruction/?onglet={tab}")
    assert_fits_sideways(page, "the queue scrolls sideways")
    assert_accessible(page)


def test_the_queue_fits_at_desktop_and_phone_widths(sign_in, demo_server):
    page = sign_in("hub-idf")
    _queue_at(page, demo_server, 1280)
    assert page.locator("#queue-table").is_visible()
    for column in COLUMNS:
        box = page.locator(column).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, column
    row = page.locator("#queue-table tr", has_text=RESUBMITTED)
    assert row.get_by_text("Corrigé").is_visible()
    assert row.locator(".fr-badge").first.is_visible()
    _shot(page, "1-queue-1280")

    _queue_at(page, demo_server, 375)
    assert not page.locator("#queue-table").is_visible()
    card = page.locator("#queue-cards li", has_text=RESUBMITTED)
    assert card.get_by_text("Corrigé").is_visible()
    assert card.locator(".fr-badge").first.is_visible()
    for part in (".queue-card__dates", ".queue-card__assignee"):
        box = card.locator(part).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375, part
    _shot(page, "2-queue-375")


def test_the_hub_assigns_notes_compares_and_exports(sign_in, demo_server):
    page = sign_in("hub-idf")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_server}/instruction/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#queue-table tr", has_text=IN_REVIEW).get_by_role("link").click()
    assert_accessible(page)

    unassigned = page.locator("#assignee").inner_text()
    with page.expect_navigation():
        page.locator("#take-it").click()
    assert page.locator("#assignee").inner_text() != unassigned
    assert_accessible(page)

    page.locator("#notes textarea").fill(NOTE)
    with page.expect_navigation():
        page.locator("#save-note").click()
    assert page.locator("#notes").get_by_text(NOTE).is_visible()
    assert_accessible(page)
    _shot(page, "3-assigned-and-noted")

    page.goto(f"{demo_server}/instruction/?onglet=mes-dossiers")
    assert page.locator("#queue-table tr", has_text=IN_REVIEW).count() == 1
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    saved = SCREENSHOTS / "queue.xlsx"
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == IN_REVIEW
    assert all(NOTE not in str(value) for row in rows for value in row)

    page.goto(f"{demo_server}/instruction/?onglet=en-cours")
    with page.expect_navigation():
        page.locator("#queue-table tr", has_text=RESUBMITTED).get_by_role("link").click()
    with page.expect_navigation():
        page.locator("#compare-versions").click()
    _shot(page, "4-versions")
    changed = page.locator("#version-changes tbody tr", has_text="essai randomisé en cours")
    assert changed.is_visible()
    assert "publication en préparation" in changed.inner_text()
    assert_accessible(page)
