"""Notifications, the daily overdue reminder and the decision letter."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests.workflows.factories import VALID_INPUTS, dossier, dossier_in_state
from workflows import services
from workflows.models import AttachmentKind, DossierState
from workflows.tasks import send_overdue_reminders

pytestmark = pytest.mark.django_db
S = DossierState


def test_submit_emails_the_hub_staff_and_only_a_receipt_to_the_actor(
    cast, django_capture_on_commit_callbacks
):
    draft = dossier(cast.owner)
    hub_user = cast.hub
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(draft, "submit", cast.owner)
    to_hub = [message for message in mail.outbox if hub_user.email in message.to]
    to_owner = [message for message in mail.outbox if cast.owner.email in message.to]
    assert len(to_hub) == 1 and len(to_owner) == 1 and len(mail.outbox) == 2
    assert draft.reference in to_hub[0].subject
    assert to_owner[0].body != to_hub[0].body


def test_a_decision_emails_the_applicant(cast, django_capture_on_commit_callbacks):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(waiting, "approve", cast.decision_maker, **VALID_INPUTS["approve"])
    assert [message.to for message in mail.outbox] == [[cast.owner.email]]
    assert "Financement accordé." in mail.outbox[0].body


def test_messages_reach_the_other_side(cast, django_capture_on_commit_callbacks):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(submitted, cast.hub, "Pouvez-vous joindre l'étude ?")
    assert [message.to for message in mail.outbox] == [[cast.owner.email]]


def test_daily_reminder_lists_overdue_dossiers_once_a_day(cast):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    current = services.perform(dossier(cast.owner), "submit", cast.owner, now=old)
    hub_user = cast.hub
    mail.outbox.clear()
    send_overdue_reminders.enqueue()
    assert [message.to for message in mail.outbox] == [[hub_user.email]]
    assert current.reference in mail.outbox[0].body
    mail.outbox.clear()
    send_overdue_reminders.enqueue()
    assert mail.outbox == []
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    send_overdue_reminders.enqueue(tomorrow)
    assert len(mail.outbox) == 1


def test_reminder_command_queues_the_task(cast):
    out = StringIO()
    call_command("send_dossier_reminders", stdout=out)
    assert "queued" in out.getvalue()


@pytest.mark.parametrize("name", ["approve", "reject"])
def test_the_decision_letter_is_a_pdf_attached_to_the_dossier(
    cast, name, django_capture_on_commit_callbacks
):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.perform(waiting, name, cast.decision_maker, **VALID_INPUTS[name])
    decided.decision.refresh_from_db()
    letter = decided.decision.letter
    assert letter.kind == AttachmentKind.DECISION_LETTER
    content = letter.file.open("rb").read()
    assert content.startswith(b"%PDF")
    assert b"FontFile2" in content  # the TrueType font is embedded
    assert letter.dossier == decided


def test_only_those_who_see_the_dossier_download_the_letter(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = dossier_in_state(S.APPROVED, cast)
    approved.decision.refresh_from_db()
    letter = approved.decision.letter
    url = f"/dossiers/{approved.pk}/pieces/{letter.pk}/"
    client.force_login(cast.other_entrepreneur)
    assert client.get(url).status_code == 404
    client.force_login(cast.has_adviser)
    assert client.get(url).status_code == 200


def _stored_files(storage, folder=""):
    folders, files = storage.listdir(folder)
    found = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in folders:
        found += _stored_files(storage, f"{folder}/{sub}".lstrip("/"))
    return found


def test_a_decision_rolled_back_leaves_no_letter_file_behind(cast):
    from django.core.files.storage import default_storage
    from django.db import transaction

    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    before = _stored_files(default_storage)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.perform(waiting, "approve", cast.decision_maker, **VALID_INPUTS["approve"])
        raise RuntimeError("the request failed after the decision")
    assert _stored_files(default_storage) == before
    assert AttachmentKind.DECISION_LETTER not in set(
        waiting.attachments.values_list("kind", flat=True)
    )


def test_the_letter_is_drawn_after_commit_and_cites_the_opinions(
    cast, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from workflows.letters import letter_paragraphs

    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decided = services.perform(
            waiting, "approve", cast.decision_maker, **VALID_INPUTS["approve"]
        )
        assert decided.decision.letter_id is None  # nothing drawn inside the transaction
    for callback in callbacks:
        callback()
    decided.decision.refresh_from_db()
    assert decided.decision.letter.file.open("rb").read().startswith(b"%PDF")
    with translation.override("en"):
        text = [str(line) for line, _style in letter_paragraphs(decided.decision)]
    assert any(
        line.startswith("Having regard to the review of HAS") and line.endswith(": Favourable.")
        for line in text
    )


def test_notifications_follow_the_logged_transition_not_the_current_state(
    cast, django_capture_on_commit_callbacks
):
    in_review = dossier_in_state(S.HUB_REVIEW, cast)
    decider = cast.decision_maker
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handed = services.perform(in_review, "hand_off", cast.hub, **VALID_INPUTS["hand_off"])
    with django_capture_on_commit_callbacks(execute=False) as later:
        services.perform(handed, "approve", decider, **VALID_INPUTS["approve"])
    for callback in [*callbacks, *later]:  # both notifications run after both transitions
        callback()
    to_decider = [m for m in mail.outbox if decider.email in m.to]
    assert [m.subject for m in to_decider] == [f"[{in_review.reference}] En attente de décision"]
    to_owner = sorted(m.subject for m in mail.outbox if cast.owner.email in m.to)
    assert to_owner == sorted(
        [f"[{in_review.reference}] En attente de décision", f"[{in_review.reference}] Approuvé"]
    )
