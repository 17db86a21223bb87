"""Files on the workbench, in the browser: the hub writes a private note with a PDF and requests
a correction with a file; the applicant's page shows neither the note nor its file (whose URL
answers 404) and the applicant downloads the correction's file; an HAS adviser assigns the
HAS review to a colleague, who finds it under "Mes dossiers"."""

import io
import re
from pathlib import Path

from reportlab.pdfgen import canvas

from tests.e2e.conftest import assert_accessible, assert_fits_sideways

SCREENSHOTS = Path("/tmp/e2e-workbench-files")
FOR_THE_NOTE = "Suivi nutritionnel des patients dialysés"  # Île-de-France, hub review
IN_EXPERT_REVIEW = "Thérapie numérique de l'insomnie"  # PECAN, the HAS review accepted
NOTE = "Comparer avec la relecture jointe avant de demander une correction."
NOTE_FILE = "relecture-interne.pdf"
CORRECTION = "Compléter le protocole selon le modèle joint."
CORRECTION_FILE = "modele-de-protocole.pdf"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def _pdf(text):
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.save()
    return buffer.getvalue()


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _signed_in(browser, demo_server, username):
    """A page of a browser context of its own, signed in as ``username``."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{demo_server}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "demo")
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()
    return page


def _open_from_queue(page, demo_server, title, tab="a-traiter"):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_server}/instruction/?onglet={tab}")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#queue-table tr", has_text=title).get_by_role("link").click()
    assert page.locator("h1").inner_text() == title
    assert_accessible(page)


def test_a_notes_file_stays_with_the_reviewers_and_a_corrections_file_reaches_the_applicant(
    browser, demo_server
):
    hub = _signed_in(browser, demo_server, "hub-idf")
    _open_from_queue(hub, demo_server, FOR_THE_NOTE)

    # A program renamed .pdf is refused at the field; nothing is saved.
    hub.locator("#notes textarea").fill(NOTE)
    hub.locator("#notes input[type=file]").set_input_files(
        [{"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": EXE}]
    )
    with hub.expect_navigation():
        hub.locator("#save-note").click()
    error = hub.locator("#id_note-files-errors")
    assert "« rapport.pdf »" in error.inner_text()
    assert hub.locator("#notes .fr-callout").count() == 0
    assert hub.locator("#notes textarea").input_value() == NOTE
    assert_fits_sideways(hub, "the refused field's error mark makes the page scroll sideways")
    assert_accessible(hub)
    _shot(hub, "0-hub-note-file-refused")

    # A private note with a PDF.
    hub.locator("#notes textarea").fill(NOTE)
    hub.locator("#notes input[type=file]").set_input_files(
        [{"name": NOTE_FILE, "mimeType": "application/pdf", "buffer": _pdf("Relecture")}]
    )
    with hub.expect_navigation():
        hub.locator("#save-note").click()
    notes = hub.locator("#notes")
    assert notes.get_by_text(NOTE).is_visible()
    note_link = notes.get_by_role("link", name=NOTE_FILE)
    assert note_link.is_visible()
    note_file_url = note_link.get_attribute("href")
    assert_accessible(hub)
    _shot(hub, "1-hub-note-with-file")

    # A correction request with a file.
    form = hub.locator("form[aria-labelledby=action-request_correction]")
    form.locator("textarea").fill(CORRECTION)
    form.locator("input[type=file]").set_input_files(
        [{"name": CORRECTION_FILE, "mimeType": "application/pdf", "buffer": _pdf("Modèle")}]
    )
    with hub.expect_navigation():
        form.locator("button[type=submit]").click()
    assert hub.locator(".fr-badge", has_text="Correction demandée").first.is_visible()
    assert hub.get_by_role("link", name=CORRECTION_FILE).first.is_visible()
    assert_accessible(hub)
    _shot(hub, "2-hub-correction-with-file")
    hub.context.close()

    # The applicant: neither the note nor its file; the correction's file downloads.
    applicant = _signed_in(browser, demo_server, "entrepreneur")
    applicant.set_viewport_size({"width": 1280, "height": 900})
    applicant.goto(f"{demo_server}/dossiers/")
    with applicant.expect_navigation():
        applicant.locator("tbody tr", has_text=FOR_THE_NOTE).get_by_role("link").click()
    assert_accessible(applicant)
    content = applicant.content()
    assert NOTE not in content and NOTE_FILE not in content
    assert applicant.locator("#notes").count() == 0
    required = applicant.locator("#action-required")
    assert required.get_by_text(CORRECTION).is_visible()
    with applicant.expect_download() as download:
        required.get_by_role("link", name=CORRECTION_FILE).click()
    assert download.value.suggested_filename == CORRECTION_FILE
    saved = SCREENSHOTS / "downloaded.pdf"
    SCREENSHOTS.mkdir(exist_ok=True)
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    _shot(applicant, "3-applicant-sees-the-correction-file-only")
    # The note's file, its URL guessed or leaked: 404.
    assert applicant.request.get(f"{demo_server}{note_file_url}").status == 404
    applicant.context.close()


def test_an_has_adviser_assigns_the_review_to_a_colleague(browser, demo_server):
    adviser = _signed_in(browser, demo_server, "has-adviser")
    _open_from_queue(adviser, demo_server, IN_EXPERT_REVIEW)
    card = adviser.locator("#reviews .fr-card", has_text="HAS")
    panel = card.locator(".review-assignment")
    assert panel.get_by_text("Cet avis n’est attribué à personne.").is_visible()
    panel.locator("select").select_option("has-adviser2")
    with adviser.expect_navigation():
        panel.get_by_role("button", name="Attribuer l’avis").click()
    panel = adviser.locator("#reviews .fr-card", has_text="HAS").locator(".review-assignment")
    assert panel.get_by_text(re.compile("Attribué à Lucas Bernard")).is_visible()
    timeline = adviser.locator("section", has=adviser.locator("#timeline-title"))
    assert timeline.get_by_text(re.compile("attribué à Lucas Bernard")).is_visible()
    assert_accessible(adviser)
    _shot(adviser, "4-review-assigned")
    adviser.context.close()

    colleague = _signed_in(browser, demo_server, "has-adviser2")
    colleague.set_viewport_size({"width": 1280, "height": 900})
    colleague.goto(f"{demo_server}/instruction/?onglet=mes-dossiers")
    row = colleague.locator("#queue-table tr", has_text=IN_EXPERT_REVIEW)
    assert row.count() == 1
    assert row.get_by_text("Avis qui m’est attribué").is_visible()
    assert_accessible(colleague)
    _shot(colleague, "5-colleagues-queue")
    colleague.context.close()
