"""Co-editors join only with consent: invited by email, they accept or decline before it lapses."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from governance.roles import Role
from tests.factories import UserFactory
from tests.workflows.factories import dossier, entrepreneur
from workflows import access
from workflows.models import Dossier, Invitation, InvitationState, Membership

pytestmark = pytest.mark.django_db


def _invite(client, owner, email):
    client.force_login(owner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/dossiers/organisation/membres/", {"email": email}, follow=True)


def _can_view(user, draft):
    return access.can_view(user, Dossier.objects.get(pk=draft.pk))


def test_the_invite_form_answers_the_same_whatever_the_address(client):
    owner = entrepreneur()
    member_elsewhere = entrepreneur()
    answers = []
    for email in ("nobody@example.org", member_elsewhere.email, UserFactory().email):
        response = _invite(client, owner, email)
        messages = [str(m).replace(email, "<email>") for m in response.context["messages"]]
        answers.append((response.status_code, messages))
    assert answers[0] == answers[1] == answers[2]
    assert len(mail.outbox) == 3


def test_an_invitation_grants_nothing_until_accepted(client):
    owner = entrepreneur()
    draft = dossier(owner)
    colleague = UserFactory()
    _invite(client, owner, colleague.email)
    assert not _can_view(colleague, draft)
    assert not Membership.objects.filter(user=colleague).exists()
    link = mail.outbox[0].body.split("http://testserver", 1)[1].split()[0]
    client.force_login(colleague)
    assert "Accept" in client.get(link).text
    client.post(link, {"answer": "accept"})
    assert Membership.objects.get(user=colleague).organisation == draft.organisation
    assert colleague.groups.filter(name=Role.ENTREPRENEUR).exists()
    assert _can_view(colleague, draft)


def test_a_declined_invitation_grants_nothing(client):
    owner = entrepreneur()
    draft = dossier(owner)
    colleague = UserFactory()
    _invite(client, owner, colleague.email)
    invitation = Invitation.objects.get()
    client.force_login(colleague)
    client.post(f"/dossiers/invitations/{invitation.token}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DECLINED
    assert not Membership.objects.filter(user=colleague).exists()
    assert not colleague.groups.exists()
    assert not _can_view(colleague, draft)
    # Once answered, the link is dead: no accepting afterwards.
    late = client.post(f"/dossiers/invitations/{invitation.token}/", {"answer": "accept"})
    assert late.status_code == 404
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_expired_invitation_can_no_longer_be_accepted(client, settings):
    owner = entrepreneur()
    colleague = UserFactory()
    _invite(client, owner, colleague.email)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(
        days=settings.INVITATION_LIFETIME_DAYS
    )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(colleague)
    assert (
        client.post(f"/dossiers/invitations/{invitation.token}/", {"answer": "accept"}).status_code
        == 404
    )
    assert not Membership.objects.filter(user=colleague).exists()
    assert invitation.token not in client.get("/dossiers/invitations/").text


def test_a_person_without_an_account_signs_up_then_accepts(client):
    owner = entrepreneur()
    _invite(client, owner, "nouvelle@example.org")
    invitation = Invitation.objects.get()
    client.logout()
    page = client.get(f"/dossiers/invitations/{invitation.token}/")
    assert "/accounts/signup/?next=" in page.text
    newcomer = UserFactory(email="nouvelle@example.org")
    client.force_login(newcomer)
    pending = client.get("/dossiers/invitations/")
    assert invitation.token in pending.text
    client.post(f"/dossiers/invitations/{invitation.token}/", {"answer": "accept"})
    assert Membership.objects.filter(user=newcomer).exists()


def test_pending_invitations_are_listed_only_for_confirmed_addresses(client):
    owner = entrepreneur()
    unconfirmed = UserFactory(verified_email=False)
    _invite(client, owner, unconfirmed.email)
    client.force_login(unconfirmed)
    assert Invitation.objects.get().token not in client.get("/dossiers/invitations/").text
