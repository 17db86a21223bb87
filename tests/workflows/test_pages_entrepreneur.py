"""The entrepreneur space: organisation, drafts, attachments, messages, who may edit what."""

import pytest

from tests.factories import UserFactory
from tests.workflows import files
from tests.workflows.factories import dossier, dossier_in_state, valid_siret
from workflows.models import Attachment, DossierState, Membership, Message

pytestmark = pytest.mark.django_db
S = DossierState


def test_an_entrepreneur_registers_the_organisation(client):
    from governance.roles import Role
    from tests.factories import user_with_role

    newcomer = user_with_role(Role.ENTREPRENEUR)
    client.force_login(newcomer)
    page = client.get("/dossiers/")
    assert 'name="siret"' in page.text
    form = {"step": "confirm", "name": "X", "region": "bretagne"}
    bad = client.post("/dossiers/organisation/", {**form, "siret": "12345678901234"})
    assert bad.status_code == 400
    assert 'aria-describedby="id_siret-errors"' in bad.text
    good = client.post("/dossiers/organisation/", {**form, "siret": valid_siret()})
    assert good.status_code == 302
    assert Membership.objects.get(user=newcomer).organisation.region.slug == "bretagne"


def test_a_renamed_executable_is_refused_by_the_upload_form(cast, client):
    draft = dossier(cast.owner)
    client.force_login(cast.owner)
    response = client.post(
        f"/dossiers/{draft.pk}/pieces/", {"file": files.upload("etude.pdf", files.EXE)}
    )
    assert response.status_code == 400
    assert "fr-error-text" in response.text
    assert not Attachment.objects.exists()
    accepted = client.post(
        f"/dossiers/{draft.pk}/pieces/", {"file": files.upload("etude.pdf", files.pdf_bytes())}
    )
    assert accepted.status_code == 302
    assert Attachment.objects.get().content_type == "application/pdf"


def test_reviewers_cannot_upload_or_edit_but_can_message(cast, client):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    client.force_login(cast.hub)
    upload = client.post(
        f"/instruction/{submitted.pk}/pieces/", {"file": files.upload("a.pdf", files.pdf_bytes())}
    )
    assert upload.status_code == 403
    assert client.get(f"/dossiers/{submitted.pk}/modifier/").status_code == 403
    sent = client.post(f"/instruction/{submitted.pk}/messages/", {"body": "Bonjour"})
    assert sent.status_code == 302
    assert Message.objects.get().author == cast.hub


def test_outsiders_get_404_on_every_dossier_page(cast, client):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    client.force_login(cast.other_entrepreneur)
    for url in ("", "modifier/", "transitions/withdraw/", "messages/", "pieces/"):
        method = client.get if url in ("", "modifier/") else client.post
        assert method(f"/dossiers/{submitted.pk}/{url}").status_code == 404


def test_a_submitted_dossier_can_no_longer_be_edited(cast, client):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    client.force_login(cast.owner)
    assert client.get(f"/dossiers/{submitted.pk}/modifier/").status_code == 302


def test_the_owner_answers_a_correction_by_editing_then_resubmitting(cast, client):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    client.force_login(cast.owner)
    page = client.get(f"/dossiers/{asked.pk}/")
    assert "Merci de préciser le marquage CE." in page.text
    assert f"/dossiers/{asked.pk}/transitions/resubmit/" in page.text
    assert f"/dossiers/{asked.pk}/modifier/" in page.text


def test_withdraw_from_the_page(cast, client):
    draft = dossier(cast.owner)
    client.force_login(cast.owner)
    response = client.post(f"/dossiers/{draft.pk}/transitions/withdraw/", {"confirmed": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == S.WITHDRAWN


def test_the_owner_invites_a_co_editor_who_then_sees_the_dossiers(cast, client):
    from workflows.models import Invitation

    draft = dossier(cast.owner)
    colleague = UserFactory()
    client.force_login(cast.owner)
    assert (
        client.post("/dossiers/organisation/membres/", {"email": colleague.email}).status_code
        == 302
    )
    client.force_login(colleague)
    assert draft.reference not in client.get("/dossiers/").text
    token = Invitation.objects.get(email=colleague.email).token
    client.post(f"/dossiers/invitations/{token}/", {"answer": "accept"})
    assert draft.reference in client.get("/dossiers/").text
    assert client.get(f"/dossiers/{draft.pk}/modifier/").status_code == 200
    # A co-editor does not invite in turn.
    assert "organisation/membres/" not in client.get("/dossiers/").text
