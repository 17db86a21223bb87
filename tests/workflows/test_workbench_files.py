"""Files enclosed with private notes, messages and correction requests: checked by content as
the applicant's documents are, and downloaded only by who may see what they are enclosed with."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.factories import hub_staff
from tests.workflows import files
from tests.workflows.factories import VALID_INPUTS, dossier_in_state
from workflows import services, workbench
from workflows.models import DossierNote, DossierState, EnclosedFile, Message, Pathway

pytestmark = pytest.mark.django_db
S = DossierState
SECRET_FILE = "analyse-interne-du-porteur.pdf"
PDF = files.pdf_bytes()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def note_with_file(dossier, user, name=SECRET_FILE, body="Note interne"):
    return workbench.add_note(dossier, user, body, [files.upload(name, PDF)])


def _file_url(enclosed):
    return f"/dossiers/{enclosed.dossier_id}/fichiers/{enclosed.pk}/"


# Private notes ----------------------------------------------------------------------------------


def test_the_hub_writes_a_note_with_two_files_and_downloads_them(client, cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client.force_login(cast.hub)
    response = client.post(
        f"/instruction/{current.pk}/notes/",
        {
            "note-body": "Comparer avec l'étude jointe.",
            "note-files": [
                files.upload("etude.pdf", PDF),
                files.upload("schema.png", files.PNG),
            ],
        },
    )
    assert response.status_code == 302
    (note,) = DossierNote.objects.filter(dossier=current)
    assert [(f.name, f.content_type) for f in note.files.all()] == [
        ("etude.pdf", "application/pdf"),
        ("schema.png", "image/png"),
    ]
    # Stored under a random name, nothing from the upload's.
    assert all("etude" not in f.file.name and "schema" not in f.file.name for f in note.files.all())
    page = client.get(f"/instruction/{current.pk}/").content.decode()
    for enclosed in note.files.all():
        assert enclosed.name in page
        assert f"/instruction/{current.pk}/fichiers/{enclosed.pk}/" in page
    download = client.get(_file_url(note.files.first()))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    listed = api(cast.hub).get(f"/api/v1/dossiers/{current.pk}/notes/").json()
    assert [f["name"] for f in listed[0]["files"]] == ["etude.pdf", "schema.png"]
    assert listed[0]["files"][0]["url"] == _file_url(note.files.first())


def test_the_applicant_never_sees_a_notes_file_by_any_path(
    client, cast, django_capture_on_commit_callbacks
):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note = note_with_file(current, cast.hub)
        services.perform(
            current, "request_correction", cast.hub, **VALID_INPUTS["request_correction"]
        )
        services.post_message(current, cast.hub, "Voir la demande de correction.")
    enclosed = note.files.get()
    # The download URL, guessed: 404 for the applicant (the hub downloads it).
    client.force_login(cast.hub)
    assert client.get(_file_url(enclosed)).status_code == 200
    client.force_login(cast.owner)
    assert client.get(_file_url(enclosed)).status_code == 404
    assert client.get(f"/instruction/{current.pk}/fichiers/{enclosed.pk}/").status_code == 404
    # The page, the API, the personal-data export.
    assert SECRET_FILE not in client.get(f"/dossiers/{current.pk}/").content.decode()
    owner_api = api(cast.owner)
    assert owner_api.get(f"/api/v1/dossiers/{current.pk}/notes/").status_code == 404
    for path in (
        f"/api/v1/dossiers/{current.pk}/",
        f"/api/v1/dossiers/{current.pk}/history/",
        "/api/v1/dossiers/",
        "/api/v1/me/export/",
    ):
        body = owner_api.get(path).content.decode()
        assert SECRET_FILE not in body and _file_url(enclosed) not in body, path
    # The emails (the correction request and the message went to the applicant).
    assert mail.outbox
    assert all(SECRET_FILE not in message.body for message in mail.outbox)
    # Nor the reviewers' exports.
    client.force_login(cast.hub)
    for fmt in ("csv", "xlsx"):
        assert (
            SECRET_FILE.encode() not in client.get(f"/instruction/export.{fmt}?onglet=tous").content
        )


def test_a_confidential_procedure_keeps_a_notes_files_within_its_parties(client, cast):
    current = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.HAS_EARLY_DIALOGUE)
    enclosed = note_with_file(current, cast.hub).files.get()
    client.force_login(cast.has_adviser)
    assert client.get(_file_url(enclosed)).status_code == 200
    client.force_login(cast.decision_maker)
    assert client.get(_file_url(enclosed)).status_code == 404


def test_another_hub_gets_404_for_any_enclosed_file(client, cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    message = services.post_message(current, cast.owner, "Pièce", [files.upload("piece.pdf", PDF)])
    client.force_login(cast.other_hub)
    assert client.get(_file_url(message.files.get())).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("rapport.pdf", files.EXE, "type de fichier"),
        ("rapport.html", PDF, "« .html »"),
    ],
)
def test_a_refused_file_gets_a_form_error_on_the_note_and_nothing_is_saved(
    client, cast, name, content, says
):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client.force_login(cast.hub)
    response = client.post(
        f"/instruction/{current.pk}/notes/",
        {
            "note-body": "Avec une pièce refusée",
            "note-files": [
                files.upload("bonne.pdf", PDF),
                files.upload(name, content),
            ],
        },
    )
    assert response.status_code == 400
    form = response.context["note_form"]
    assert name in " ".join(form.errors["files"])
    page = response.content.decode()
    assert says in page and name in page
    assert 'id="id_note-files-errors"' in page
    assert "Avec une pièce refusée" in page  # what was typed is kept
    assert not DossierNote.objects.filter(dossier=current).exists()
    assert not EnclosedFile.objects.exists()


def test_the_notes_api_takes_files_as_multipart_and_refuses_a_bad_one(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    url = f"/api/v1/dossiers/{current.pk}/notes/"
    response = api(cast.hub).post(
        url,
        {"body": "Note", "files": [files.upload("etude.pdf", PDF)]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert [f["name"] for f in response.json()["files"]] == ["etude.pdf"]
    refused = api(cast.hub).post(
        url, {"body": "Note", "files": [files.upload("rapport.pdf", files.EXE)]}, format="multipart"
    )
    assert refused.status_code == 400
    assert "rapport.pdf" in refused.json()["files"][0]
    assert DossierNote.objects.filter(dossier=current).count() == 1


# Correction requests and messages --------------------------------------------------------------


def test_a_correction_request_carries_files_the_applicant_downloads(client, cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client.force_login(cast.hub)
    response = client.post(
        f"/instruction/{current.pk}/transitions/request_correction/",
        {
            "request_correction-comment": "Compléter selon le modèle joint.",
            "request_correction-reason": "incomplete",
            "request_correction-files": [files.upload("modele.docx", files.docx_bytes())],
        },
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.state == S.CORRECTION_REQUESTED
    enclosed = current.corrections.get().files.get()
    client.force_login(cast.owner)
    page = client.get(f"/dossiers/{current.pk}/").content.decode()
    assert "modele.docx" in page and _file_url(enclosed) in page
    download = client.get(_file_url(enclosed))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.docx_bytes()
    detail = api(cast.owner).get(f"/api/v1/dossiers/{current.pk}/").json()
    assert detail["corrections"][0]["files"][0]["url"] == _file_url(enclosed)


def test_a_refused_file_on_a_correction_request_changes_nothing(client, cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client.force_login(cast.hub)
    response = client.post(
        f"/instruction/{current.pk}/transitions/request_correction/",
        {
            "request_correction-comment": "Compléter.",
            "request_correction-files": [files.upload("modele.pdf", files.EXE)],
        },
        follow=True,
    )
    current.refresh_from_db()
    assert current.state == S.HUB_REVIEW
    assert not current.corrections.exists() and not EnclosedFile.objects.exists()
    page = response.content.decode()
    assert "modele.pdf" in page and "type de fichier" in page


def test_the_api_requests_a_correction_with_a_file(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    response = api(cast.hub).post(
        f"/api/v1/dossiers/{current.pk}/transitions/request_correction/",
        {"comment": "Voir le modèle.", "files": [files.upload("modele.pdf", PDF)]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert [f["name"] for f in response.json()["corrections"][0]["files"]] == ["modele.pdf"]


def test_the_applicant_encloses_a_file_with_a_message_the_hub_downloads(
    client, cast, django_capture_on_commit_callbacks
):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client.force_login(cast.owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/dossiers/{current.pk}/messages/",
            {"body": "Voici le protocole.", "files": [files.upload("protocole.pdf", PDF)]},
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[cast.hub.email]]
    assert "Pièces jointes" in mail.outbox[0].body and "- protocole.pdf" in mail.outbox[0].body
    enclosed = Message.objects.get(dossier=current).files.get()
    client.force_login(cast.hub)
    assert "protocole.pdf" in client.get(f"/instruction/{current.pk}/").content.decode()
    assert client.get(_file_url(enclosed)).status_code == 200


def test_a_refused_file_on_a_message_is_a_form_error_and_no_message(client, cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client.force_login(cast.owner)
    response = client.post(
        f"/dossiers/{current.pk}/messages/",
        {"body": "Voici.", "files": [files.upload("protocole.pdf", files.EXE)]},
    )
    assert response.status_code == 400
    assert "protocole.pdf" in " ".join(response.context["message_form"].errors["files"])
    assert not Message.objects.filter(dossier=current).exists()


# Query counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 20])
def test_notes_and_messages_with_files_cost_the_same_queries(
    client, cast, django_assert_max_num_queries, size
):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    colleague = hub_staff()
    for n in range(size):
        author = cast.hub if n % 2 else colleague
        workbench.add_note(
            current,
            author,
            f"Note {n}",
            [files.upload(f"n{n}.pdf", PDF), files.upload(f"n{n}.png", files.PNG)],
        )
        services.post_message(current, cast.owner, f"Message {n}", [files.upload(f"m{n}.pdf", PDF)])
    hub_api = api(cast.hub)
    with django_assert_max_num_queries(12):
        listed = hub_api.get(f"/api/v1/dossiers/{current.pk}/notes/").json()
    assert sum(len(note["files"]) for note in listed) == 2 * size
    client.force_login(cast.hub)
    with django_assert_max_num_queries(40):
        page = client.get(f"/instruction/{current.pk}/")
    assert f"n{size - 1}.png" in page.content.decode()
