"""A progress update's evidence file is checked by its content, as dossier attachments are: a
program or a document renamed .pdf or .csv is refused with a clear message, and nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import ProgressUpdate
from tests.factories import recommendation
from tests.governance.factories import ministry_user
from tests.workflows.files import EXE, docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

FIELDS = {"status": "in_progress", "progress": 30, "comment": "Décret publié"}


def _draft(name, content):
    return services.draft_update(
        recommendation(12), ministry_user(), evidence_file=upload(name, content), **FIELDS
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("decret.pdf", pdf_bytes()),
        ("tableau.docx", docx_bytes()),
        ("suivi.csv", "région;dossiers\nÎle-de-France;12\n".encode()),
        ("suivi-excel.csv", "région;dossiers\nÎle-de-France;12\n".encode("cp1252")),
    ],
)
def test_real_evidence_is_kept(name, content):
    update = _draft(name, content)
    assert update.evidence_file.name.endswith(name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("decret.pdf", EXE, "Ce type de fichier n'est pas accepté. Acceptés : PDF, images PNG"),
        ("suivi.csv", EXE, "n'est pas un tableau CSV : son contenu n'est pas du texte"),
        ("suivi.csv", pdf_bytes(), "n'est pas un tableau CSV"),
        ("decret.docx", pdf_bytes(), "« .docx » mais son contenu est un document PDF"),
        ("vide.pdf", b"", "Le fichier est vide."),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(name, content, message):
    with pytest.raises(ValidationError) as refused:
        _draft(name, content)
    said = " ".join(refused.value.message_dict["evidence_file"])
    assert message in said
    assert "pptx" not in said  # the evidence's own list of accepted files
    assert not ProgressUpdate.objects.exists()


def test_the_admin_form_says_why_and_saves_nothing(client):
    client.force_login(ministry_user())
    response = client.post(
        "/admin/avancement/points/new/",
        {
            "recommendation": recommendation(12).pk,
            "rag": "amber",
            "evidence_url": "",
            "evidence_file": upload("decret.pdf", EXE),
            **FIELDS,
        },
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "Ce type de fichier n'est pas accepté" in html
    assert "tableaux CSV ; 10 Mo au plus." in html  # what is accepted, beside the field
    assert not ProgressUpdate.objects.exists()
