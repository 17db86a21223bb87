"""Ministry staff draft a progress update in the admin: a program renamed .pdf as its evidence
is refused beside the field, with what is accepted; a real PDF is kept."""

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.workflows.files import EXE, pdf_bytes

SCREENSHOTS = Path("/tmp/e2e-evidence")
COMMENT = "Le décret d'application est paru au Journal officiel."


def _fill(page):
    twelfth = page.locator("#id_recommendation option").nth(12)  # after the empty choice
    page.select_option("#id_recommendation", twelfth.get_attribute("value"))
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "45")
    page.select_option("#id_rag", "amber")
    page.fill("#id_comment", COMMENT)


def test_evidence_that_is_not_what_it_says_is_refused(sign_in, demo_server):
    page = sign_in("ministere")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_server}/admin/avancement/points/new/")
    _fill(page)
    page.set_input_files(
        "#id_evidence_file",
        [{"name": "decret.pdf", "mimeType": "application/pdf", "buffer": EXE}],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Créer", exact=True).click()
    error = page.locator("#panel-child-evidence_file-content, [data-field-wrapper]").filter(
        has_text="Ce type de fichier n'est pas accepté"
    )
    expect(error.first).to_be_visible()
    expect(page.get_by_text("tableaux CSV ; 10 Mo au plus.").first).to_be_visible()
    assert page.locator("#id_comment").input_value() == COMMENT  # nothing lost
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    error.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "1-refused.png"))

    page.set_input_files(
        "#id_evidence_file",
        [{"name": "decret.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Créer", exact=True).click()
    assert page.url.endswith("/admin/avancement/points/")
    expect(page.locator(".messages .success").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "2-kept.png"))
