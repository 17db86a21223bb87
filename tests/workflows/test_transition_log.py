"""The transition log is append-only, and the reference is unique and derived from the key."""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.workflows.factories import dossier, dossier_in_state
from workflows.models import DossierState, DossierTransition

pytestmark = pytest.mark.django_db


def test_a_log_row_cannot_be_changed(cast):
    submitted = dossier_in_state(DossierState.SUBMITTED, cast)
    row = DossierTransition.objects.get(dossier=submitted)
    row.comment = "rewritten"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        DossierTransition.objects.filter(pk=row.pk).update(comment="rewritten")


def test_a_log_row_cannot_be_deleted(cast):
    submitted = dossier_in_state(DossierState.SUBMITTED, cast)
    with pytest.raises(ValidationError):
        DossierTransition.objects.get(dossier=submitted).delete()
    with pytest.raises(ValidationError):
        DossierTransition.objects.filter(dossier=submitted).delete()


def test_each_transition_logs_who_when_from_to_and_why(cast):
    closed = dossier_in_state(DossierState.CLOSED, cast)
    rows = list(
        DossierTransition.objects.filter(dossier=closed).values_list(
            "transition", "source", "target", "actor__username", "comment"
        )
    )
    assert rows == [
        ("submit", "draft", "submitted", cast.owner.username, ""),
        ("close", "submitted", "closed", cast.hub.username, "Hors champ."),
    ]


def test_references_follow_the_pattern_and_are_unique(cast):
    first, second = dossier(cast.owner), dossier(cast.owner)
    assert re.fullmatch(r"DOS-\d{4}-\d{6}", first.reference)
    assert first.reference != second.reference
    assert first.reference == f"DOS-{first.created_at.year}-{first.pk:06d}"
