"""Tamper evidence: ``verify_history`` names the first row edited in the database, in each chain.

Rows are rewritten with ``_base_manager.update()``, which skips every model-level guard, as a
person with write access to the database would.
"""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from cms.comments import moderation
from cms.comments import services as comments
from cms.models import ModerationAction
from governance import history, services
from governance.models import ProgressUpdate, Recommendation
from tests.cms.comments.factories import consultation_page
from tests.factories import Role, UserFactory, recommendation, user_with_role
from tests.governance.factories import ministry_user, published_update
from tests.workflows.factories import Cast, dossier_in_state
from workflows.models import DossierState, DossierTransition

pytestmark = pytest.mark.django_db


def verify():
    """(exit ok, stdout, stderr) of ``manage.py verify_history``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_history", stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def tamper(row, **values):
    type(row)._base_manager.filter(pk=row.pk).update(**values)


def assert_names(row, label):
    ok, _out, err = verify()
    assert not ok
    assert f"{label}: BROKEN at" in err
    assert f"#{row.pk} " in err


@pytest.fixture
def progress_history():
    """Two published updates of recommendation 10; the second is returned."""
    published_update(progress=20, comment="Premier point")
    return published_update(progress=35, comment="Deuxième point", rag_reason="Retard")


@pytest.fixture
def dossier_log():
    """The last log row of a dossier that went submitted → hub review → awaiting decision."""
    dossier = dossier_in_state(DossierState.HUB_REVIEW, Cast())
    return DossierTransition.objects.filter(dossier=dossier).order_by("pk").last()


@pytest.fixture
def moderation_log():
    """A hide action on a comment (its chain also holds nothing else)."""
    comment = comments.post_comment(consultation_page(), UserFactory(), "Avis argumenté")
    moderation.hide(comment, user_with_role(Role.MODERATOR), "spam", "Publicité")
    return ModerationAction.objects.get(comment=comment, action="hide")


def test_untouched_history_verifies(progress_history, dossier_log, moderation_log):
    ok, out, err = verify()
    assert ok, err
    assert "progress updates: intact" in out
    assert "each shows its latest published update" in out
    assert history.all_breaks() == []


def other_user():
    return ministry_user()


PROGRESS_EDITS = {
    "status": "implemented",
    "progress": 99,
    "rag": "red",
    "rag_reason": "Réécrit",
    "comment": "Réécriture de l'histoire",
    "evidence_url": "https://example.org/faux.pdf",
    "evidence_file": "progress/evidence/2024/faux.pdf",
    "previous_status": "implemented",
    "previous_progress": 77,
    "previous_rag": "red",
    "version": 7,
    "published_at": timezone.now() + datetime.timedelta(days=1),
    "created_at": timezone.now() - datetime.timedelta(days=400),
}


@pytest.mark.parametrize("field", sorted(PROGRESS_EDITS))
def test_editing_a_published_update_field_is_named(progress_history, field):
    tamper(progress_history, **{field: PROGRESS_EDITS[field]})
    assert_names(progress_history, "progress updates")


@pytest.mark.parametrize("field", ["author", "published_by"])
def test_changing_who_wrote_or_published_an_update_is_named(progress_history, field):
    tamper(progress_history, **{field: other_user()})
    assert_names(progress_history, "progress updates")


def test_moving_an_update_to_another_recommendation_is_named(progress_history):
    tamper(progress_history, recommendation=recommendation(11))
    ok, _out, err = verify()
    assert not ok
    assert f"#{progress_history.pk} " in err


def test_the_first_broken_row_is_the_one_named():
    first = published_update(progress=20)
    second = published_update(progress=30)
    tamper(first, comment="Réécrit")
    tamper(second, comment="Réécrit aussi")
    _ok, _out, err = verify()
    assert f"#{first.pk} " in err
    assert f"#{second.pk} " not in err


@pytest.mark.parametrize(
    ("field", "value"),
    [("progress", 80), ("status", "implemented"), ("rag", "red"), ("rag_reason", "Réécrit")],
)
def test_changing_the_recommendation_itself_is_named(progress_history, field, value):
    Recommendation.objects.filter(number=10).update(**{field: value})
    ok, _out, err = verify()
    assert not ok
    assert f"recommendations: BROKEN at recommendation 10: {field}" in err
    assert not services.history_is_intact(recommendation(10))


def test_unpublishing_the_latest_update_is_detected(progress_history):
    tamper(progress_history, published_at=None, published_by=None)
    ok, _out, err = verify()
    assert not ok
    assert f"#{progress_history.pk} " in err
    assert not services.history_is_intact(recommendation(10))


def test_unpublishing_and_unsealing_the_latest_update_still_shows(progress_history):
    tamper(progress_history, published_at=None, published_by=None, digest="", digest_key="")
    ok, _out, err = verify()
    assert not ok
    assert "recommendations: BROKEN at recommendation 10: progress" in err


def unkeyed_sha256(update, previous):
    """The digest as it was computed before the chain was keyed (anyone could recompute it)."""
    content = {
        "previous": previous,
        "recommendation": update.recommendation.number,
        "status": update.status,
        "progress": update.progress,
        "rag": update.rag,
        "rag_reason": update.rag_reason,
        "comment": update.comment,
        "evidence_url": update.evidence_url,
        "evidence_file": update.evidence_file.name or "",
        "previous_status": update.previous_status,
        "previous_progress": update.previous_progress,
        "published_at": update.published_at.astimezone(datetime.UTC).isoformat(),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())


def test_rewriting_an_update_and_recomputing_an_unkeyed_digest_is_detected(progress_history):
    previous = ProgressUpdate.objects.exclude(pk=progress_history.pk).get().digest
    progress_history.comment = "Réécriture de l'histoire"
    forged = unkeyed_sha256(progress_history, previous).hexdigest()
    tamper(progress_history, comment=progress_history.comment, digest=forged)
    assert_names(progress_history, "progress updates")


def test_rewriting_with_a_digest_made_with_another_key_is_detected(progress_history):
    previous = ProgressUpdate.objects.exclude(pk=progress_history.pk).get().digest
    progress_history.comment = "Réécriture"
    with override_settings(HISTORY_HMAC_KEYS=["guess:not-the-real-key"]):
        key_id, digest = history.sign(progress_history.chain_content(), previous)
    tamper(progress_history, comment="Réécriture", digest=digest, digest_key=key_id)
    assert_names(progress_history, "progress updates")


TRANSITION_EDITS = {
    "transition": "approve",
    "source": "draft",
    "target": "approved",
    "comment": "Réécrit",
    "at": timezone.now() - datetime.timedelta(days=30),
}


@pytest.mark.parametrize("field", sorted(TRANSITION_EDITS))
def test_editing_a_dossier_transition_is_named(dossier_log, field):
    tamper(dossier_log, **{field: TRANSITION_EDITS[field]})
    assert_names(dossier_log, "dossier transitions")


def test_changing_who_performed_a_transition_is_named(dossier_log):
    tamper(dossier_log, actor=UserFactory())
    assert_names(dossier_log, "dossier transitions")


def test_deleting_a_transition_in_the_middle_is_detected():
    dossier = dossier_in_state(DossierState.HUB_REVIEW, Cast())
    first, second = DossierTransition.objects.filter(dossier=dossier).order_by("pk")
    DossierTransition._base_manager.filter(pk=first.pk).delete()
    assert_names(second, "dossier transitions")


MODERATION_EDITS = {
    "action": "restore",
    "reason_code": "offensive",
    "statement": "Réécrit",
    "created_at": timezone.now() - datetime.timedelta(days=30),
}


@pytest.mark.parametrize("field", sorted(MODERATION_EDITS))
def test_editing_a_moderation_action_is_named(moderation_log, field):
    tamper(moderation_log, **{field: MODERATION_EDITS[field]})
    assert_names(moderation_log, "moderation log")


@pytest.mark.parametrize("field", ["actor", "user"])
def test_changing_who_moderated_or_was_concerned_is_named(moderation_log, field):
    tamper(moderation_log, **{field: UserFactory()})
    assert_names(moderation_log, "moderation log")


def test_block_of_a_user_is_chained_too():
    citizen, moderator = UserFactory(), user_with_role(Role.MODERATOR)
    moderation.block_user(citizen, moderator, "spam", "Publicité répétée")
    row = ModerationAction.objects.get(action="block_user")
    assert row.digest
    tamper(row, statement="Réécrit")
    assert_names(row, "moderation log")


def test_rows_signed_with_an_old_key_verify_after_rotation():
    with override_settings(HISTORY_HMAC_KEYS=["2025:ancienne-clef-secrete"]):
        old = published_update(progress=20)
        dossier_in_state(DossierState.SUBMITTED, Cast())
    assert old.digest_key == "2025"
    with override_settings(HISTORY_HMAC_KEYS=["2026:nouvelle-clef", "2025:ancienne-clef-secrete"]):
        new = published_update(progress=30)
        assert new.digest_key == "2026"
        ok, _out, err = verify()
        assert ok, err
    with override_settings(HISTORY_HMAC_KEYS=["2026:nouvelle-clef"]):
        ok, _out, err = verify()
        assert not ok
        assert "signed with an unknown key" in err


def test_default_key_follows_secret_key_rotation():
    with override_settings(HISTORY_HMAC_KEYS=[], SECRET_KEY="ancienne-clef-django"):
        published_update(progress=20)
    rotated = {"SECRET_KEY": "nouvelle-clef", "SECRET_KEY_FALLBACKS": ["ancienne-clef-django"]}
    with override_settings(HISTORY_HMAC_KEYS=[], **rotated):
        assert verify()[0]
    with override_settings(HISTORY_HMAC_KEYS=[], SECRET_KEY="nouvelle-clef"):
        assert not verify()[0]


def test_a_malformed_key_setting_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(HISTORY_HMAC_KEYS=["no-separator"]), pytest.raises(ImproperlyConfigured):
        history.keyring()
