"""The retention schedule: warned drafts go, closed dossiers are archived, old sign-in traces go."""

from datetime import timedelta
from io import StringIO

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.workflows.factories import dossier, dossier_in_state
from workflows import services
from workflows.models import Dossier, DossierState, DossierTransition, Message

pytestmark = pytest.mark.django_db
S = DossierState


def _age(draft, days):
    Dossier.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_an_untouched_draft_is_warned_a_month_before_then_deleted(cast):
    draft, fresh = dossier(cast.owner), dossier(cast.owner, title="Récent")
    _age(draft, 340)
    call_command("apply_retention", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [[cast.owner.email]]
    assert Dossier.objects.filter(pk=draft.pk).exists()
    _age(draft, 366)
    call_command("apply_retention", stdout=StringIO())
    assert Dossier.objects.filter(pk=draft.pk).exists()  # warned only 0 days ago: a month first
    from workflows.models import DraftDeletionNotice

    DraftDeletionNotice.objects.update(delete_after=timezone.now() - timedelta(seconds=1))
    call_command("apply_retention", stdout=StringIO())
    assert not Dossier.objects.filter(pk=draft.pk).exists()
    assert Dossier.objects.filter(pk=fresh.pk).exists()
    assert len(mail.outbox) == 1


def test_a_closed_dossier_is_archived_after_the_legal_period(cast, settings):
    closed = dossier_in_state(S.REJECTED, cast)
    services.post_message(closed, cast.owner, "Merci pour votre réponse.")
    logs = DossierTransition.objects.filter(dossier=closed).count()
    call_command("apply_retention", stdout=StringIO())
    assert Message.objects.filter(dossier=closed).exists()
    settings.RETENTION_CLOSED_DOSSIER_DAYS = 0
    call_command("apply_retention", stdout=StringIO())
    assert not Message.objects.filter(dossier=closed).exists()
    closed.refresh_from_db()
    assert closed.archive.archived_at
    assert DossierTransition.objects.filter(dossier=closed).count() == logs
    client = Client()
    client.force_login(cast.owner)
    assert client.get(f"/dossiers/{closed.pk}/").status_code == 404


def test_sign_in_addresses_and_browsers_are_dropped_after_a_year():
    user = UserFactory()
    old = UserSession.objects.create(
        user=user, ip="203.0.113.7", user_agent="Firefox", session_key="old",
        last_seen_at=timezone.now() - timedelta(days=400),
    )  # fmt: skip
    recent = UserSession.objects.create(
        user=user, ip="203.0.113.8", user_agent="Chromium", session_key="recent"
    )
    call_command("apply_retention", stdout=StringIO())
    assert not UserSession.objects.filter(pk=old.pk).exists()
    assert UserSession.objects.filter(pk=recent.pk).exists()


def test_the_transition_log_keeps_its_rows_but_loses_a_deleted_accounts_name(cast):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    username = cast.owner.username
    client = Client()
    client.force_login(cast.owner)
    client.post("/compte/supprimer/", {"password": "password"})
    api = APIClient()
    api.force_authenticate(cast.hub)
    history = api.get(f"/api/v1/dossiers/{submitted.pk}/history/").json()
    rows = history["results"] if isinstance(history, dict) else history
    assert rows and all(row["by"] != username for row in rows)
