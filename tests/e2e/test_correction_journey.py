"""The applicant answers a correction request in the browser: edit, new document, resubmission.

Also: a draft keeps its region across edits, and an uploaded file is reachable only through the
permission-checked link, never at its place in the media folder.
"""

import io
from pathlib import Path

from reportlab.pdfgen import canvas

from tests.e2e.conftest import assert_accessible

SCREENSHOTS = Path("/tmp/e2e-uploads")
UNDER_CORRECTION = "Détection de la rétinopathie diabétique"
DRAFT = "Carnet de suivi de grossesse"


def _pdf():
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, "Certificat de marquage CE, classe IIa")
    document.save()
    return buffer.getvalue()


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _open_my_dossier(page, demo_server, title):
    page.goto(f"{demo_server}/dossiers/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("tbody tr", has_text=title).get_by_role("link").click()
    assert page.locator("h1").inner_text() == title
    assert_accessible(page)


def _edit(page):
    with page.expect_navigation():
        page.get_by_role("link", name="Modifier le dossier").click()
    assert_accessible(page)


def _save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le brouillon").click()


def _newest_stored_file(tmp_path_factory):
    stored = sorted(
        tmp_path_factory.getbasetemp().glob("demo-server*/media/dossiers/*"),
        key=lambda path: path.stat().st_mtime,
    )
    return stored[-1]


def test_the_applicant_edits_adds_a_document_and_resubmits(
    sign_in, demo_server, browser, tmp_path_factory
):
    page = sign_in("entrepreneur")
    _open_my_dossier(page, demo_server, UNDER_CORRECTION)
    _edit(page)
    # The region no longer changes: shown as text, not an empty disabled select.
    assert page.locator("select[name=region]").count() == 0
    region = page.get_by_label("Région")
    assert region.input_value() == "Île-de-France"
    assert region.get_attribute("readonly") is not None
    page.get_by_label("Résumé").fill("Dispositif marqué CE, classe IIa (certificat joint).")
    _shot(page, "1-edit-under-correction")
    _save(page)
    assert "/modifier/" not in page.url
    assert page.get_by_text("Modifications enregistrées.").count() == 1
    assert page.get_by_text("Dispositif marqué CE, classe IIa (certificat joint).").count() == 1
    assert "Île-de-France" in page.locator("main").inner_text()
    assert_accessible(page)
    _shot(page, "2-saved")

    # A PDF named as a web page is refused, with the reason.
    page.get_by_label("Ajouter un document").set_input_files(
        {"name": "certificat.html", "mimeType": "text/html", "buffer": _pdf()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer").click()
    error = page.locator("#id_file-errors")
    assert ".pdf" in error.inner_text()
    assert_accessible(page)
    _shot(page, "3-upload-refused")

    page.get_by_label("Ajouter un document").set_input_files(
        {"name": "certificat-ce.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer").click()
    assert page.get_by_text("Document ajouté.").count() == 1
    link = page.get_by_role("link", name="certificat-ce.pdf")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "certificat-ce.pdf"
    file_url = link.get_attribute("href")

    # The stored file has a random name, and the media folder does not serve it.
    stored = _newest_stored_file(tmp_path_factory)
    assert "certificat" not in stored.name
    assert page.request.get(f"{demo_server}/media/dossiers/{stored.name}").status == 404
    visitor = browser.new_context()
    anonymous = visitor.request.get(f"{demo_server}{file_url}")
    assert anonymous.url.startswith(f"{demo_server}/accounts/login/")
    assert b"%PDF" not in anonymous.body()
    visitor.close()

    page.get_by_label("Votre réponse à la demande de correction").fill(
        "Classe précisée dans le résumé ; certificat joint."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Renvoyer le dossier corrigé").click()
    assert page.get_by_role("link", name="Modifier le dossier").count() == 0
    assert "Instruction régionale" in page.locator("main .fr-badge").first.text_content()
    assert page.get_by_text("Classe précisée dans le résumé ; certificat joint.").count() >= 1
    assert_accessible(page)
    _shot(page, "4-resubmitted")


def test_a_draft_keeps_its_region_across_edits(sign_in, demo_server):
    page = sign_in("entrepreneur")
    _open_my_dossier(page, demo_server, DRAFT)
    _edit(page)
    region = page.locator("select[name=region]")
    assert region.input_value() == "ile-de-france"
    page.get_by_label("Résumé").fill("Carnet numérique partagé avec la sage-femme.")
    _save(page)
    assert page.get_by_text("Modifications enregistrées.").count() == 1
    _edit(page)
    assert page.locator("select[name=region]").input_value() == "ile-de-france"
    _shot(page, "5-draft-edit-again")
