"""CSV bulk import: checked entirely first; one bad row and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from governance import services
from governance.models import ProgressUpdate
from tests.factories import UserFactory
from tests.governance.factories import ministry_user

pytestmark = pytest.mark.django_db

HEADER = "number,status,progress,rag,rag_reason,comment,evidence_url\n"
GOOD = (
    HEADER
    + "10,implemented,100,green,,Catalogue ouvert en novembre 2022,https://www.monespacesante.fr/\n"
    + "15,in_progress,60,amber,Généralisation en cours,PIX+ Pro Santé expérimenté depuis 2023,\n"
)


def _upload(text, name="points.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_each_row_becomes_a_draft_and_nothing_is_published():
    result = services.import_updates_csv(_upload(GOOD), ministry_user())
    assert result.ok
    assert ProgressUpdate.objects.drafts().count() == 2
    assert not ProgressUpdate.objects.published().exists()


def test_one_bad_row_writes_nothing_and_every_error_has_its_line_number():
    text = (
        HEADER
        + "10,implemented,100,green,,Catalogue ouvert,\n"
        + "11,in_progress,140,green,,Trop,\n"
        + "99,in_progress,20,green,,Inconnue,\n"
        + "12,finished,20,purple,,Statut inconnu,\n"
    )
    result = services.import_updates_csv(_upload(text), ministry_user())
    assert not result.ok
    assert ProgressUpdate.objects.count() == 0
    lines = [line for line, _message in result.errors]
    assert 3 in lines and 4 in lines and 5 in lines
    assert 2 not in lines
    assert any("progress" in message for line, message in result.errors if line == 3)
    assert {message.split(":")[0] for line, message in result.errors if line == 5} == {
        "status",
        "rag",
    }


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("numero,etat\n1,x\n", 1),
        (HEADER, 2),
        (HEADER + "10,implemented,100,green,,A,\n10,implemented,90,green,,B,\n", 3),
        (HEADER + "10,implemented,100,green,,A,,extra\n", 2),
        (HEADER + "10,implemented,50,green,,,\n", 2),
    ],
)
def test_malformed_files_are_rejected_with_the_line(text, line):
    result = services.import_updates_csv(_upload(text), ministry_user())
    assert [found for found, _message in result.errors][0] == line
    assert ProgressUpdate.objects.count() == 0


def test_semicolons_and_french_labels_are_accepted():
    text = "number;status;progress;comment\n4;En cours;30;Feuille de route publiée\n"
    result = services.import_updates_csv(_upload(text), ministry_user())
    assert result.ok, result.errors
    assert ProgressUpdate.objects.get().status == "in_progress"


def test_admin_import_view_lists_errors_and_says_drafts_need_a_second_person(client):
    client.force_login(ministry_user())
    page = client.get("/admin/avancement/import/").content.decode()
    assert "brouillon" in page.lower() or "draft" in page.lower()
    bad = HEADER + "10,implemented,100,green,,OK,\n11,in_progress,abc,green,,Mauvais,\n"
    response = client.post("/admin/avancement/import/", {"file": _upload(bad)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "3" in body and "progress" in body
    assert ProgressUpdate.objects.count() == 0
    response = client.post("/admin/avancement/import/", {"file": _upload(GOOD)})
    assert response.status_code == 302
    assert ProgressUpdate.objects.drafts().count() == 2


def test_non_ministry_cannot_import(client):
    client.force_login(UserFactory())
    response = client.post("/admin/avancement/import/", {"file": _upload(GOOD)})
    assert response.status_code in (302, 403)
    assert ProgressUpdate.objects.count() == 0


def test_file_with_a_nul_byte_is_refused_as_not_text():
    text = HEADER + "10,implemented,100,green,,Catalogue\x00ouvert,\n"
    result = services.import_updates_csv(_upload(text), ministry_user())
    assert not result.ok
    assert result.errors[0][0] == 1
    assert not ProgressUpdate.objects.exists()
