"""Attachments are checked by content and size, never trusted by their name."""

import pytest

from governance import uploads
from governance.errors import Conflict, InvalidInput, NotPermitted, NotVisible
from tests.workflows import files
from tests.workflows.factories import dossier, dossier_in_state
from workflows import services
from workflows.models import DossierState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("etude.pdf", files.pdf_bytes(), "application/pdf"),
        ("schema.png", files.PNG, "image/png"),
        (
            "notice.docx",
            files.docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notice.odt", files.odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("etude-sans-extension", files.pdf_bytes(), "application/pdf"),
    ],
)
def test_accepted_types_are_recognised_by_content(cast, name, content, expected):
    attachment = services.add_attachment(
        dossier(cast.owner), cast.owner, files.upload(name, content)
    )
    assert attachment.content_type == expected
    assert attachment.size == len(content)
    assert attachment.name == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", files.EXE),
        ("photo.png", files.EXE),
        ("notice.docx", files.plain_zip_bytes()),
        ("notes.txt", b"just some text"),
    ],
)
def test_a_renamed_executable_or_unknown_type_is_refused(cast, name, content):
    with pytest.raises(InvalidInput) as refusal:
        services.add_attachment(dossier(cast.owner), cast.owner, files.upload(name, content))
    assert "file" in refusal.value.errors


def test_an_oversize_file_is_refused(cast):
    big = files.pdf_bytes() + b"\0" * (uploads.MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(InvalidInput) as refusal:
        services.add_attachment(dossier(cast.owner), cast.owner, files.upload("big.pdf", big))
    assert "10" in str(refusal.value.errors["file"][0])


def test_an_empty_file_is_refused(cast):
    with pytest.raises(InvalidInput):
        services.add_attachment(dossier(cast.owner), cast.owner, files.upload("vide.pdf", b""))


def test_path_parts_are_stripped_from_the_name(cast):
    attachment = services.add_attachment(
        dossier(cast.owner), cast.owner, files.upload("../../etc/passwd.pdf", files.pdf_bytes())
    )
    assert attachment.name == "passwd.pdf"


def test_only_applicants_attach_and_outsiders_get_404(cast):
    submitted = dossier_in_state(DossierState.SUBMITTED, cast)
    with pytest.raises(NotPermitted):
        services.add_attachment(submitted, cast.hub, files.upload("a.pdf", files.pdf_bytes()))
    with pytest.raises(NotVisible):
        services.add_attachment(
            submitted, cast.other_entrepreneur, files.upload("a.pdf", files.pdf_bytes())
        )


def test_no_attachment_after_a_final_state(cast):
    withdrawn = dossier_in_state(DossierState.WITHDRAWN, cast)
    with pytest.raises(Conflict):
        services.add_attachment(withdrawn, cast.owner, files.upload("a.pdf", files.pdf_bytes()))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param("rapport.html", files.pdf_bytes(), ".pdf", id="pdf-named-html"),
        pytest.param("facture.pdf", files.PNG, ".png", id="png-named-pdf"),
        pytest.param("photo.jpg", files.PNG, ".png", id="png-named-jpg"),
        pytest.param("notice.pdf", files.docx_bytes(), ".docx", id="docx-named-pdf"),
        pytest.param("notice.docx", files.odt_bytes(), ".odt", id="odt-named-docx"),
    ],
)
def test_a_name_whose_extension_contradicts_the_content_is_refused(cast, name, content, expected):
    with pytest.raises(InvalidInput) as refusal:
        services.add_attachment(dossier(cast.owner), cast.owner, files.upload(name, content))
    assert expected in str(refusal.value.errors["file"][0])


@pytest.mark.parametrize("name", ["ETUDE.PDF", "etude.pdf", "etude-sans-extension", "Étude v1.2"])
def test_a_name_that_agrees_with_the_content_or_has_no_extension_is_accepted(cast, name):
    attachment = services.add_attachment(
        dossier(cast.owner), cast.owner, files.upload(name, files.pdf_bytes())
    )
    assert (attachment.name, attachment.content_type) == (name, "application/pdf")


def test_the_upload_form_explains_a_contradicting_extension(cast, client):
    draft = dossier(cast.owner)
    client.force_login(cast.owner)
    response = client.post(
        f"/dossiers/{draft.pk}/pieces/", {"file": files.upload("facture.pdf", files.PNG)}
    )
    assert response.status_code == 400
    assert 'aria-describedby="id_file-errors"' in response.text
    assert "« .png »" in response.text or "“.png”" in response.text
    assert not draft.attachments.exists()
