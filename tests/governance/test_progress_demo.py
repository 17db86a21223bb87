"""The progress demo data: a dated public history, late milestones, one draft to publish."""

import io

import pytest
from django.db import transaction

from governance import demo, services
from governance.models import IndicatorValue, Milestone, ProgressUpdate, Recommendation

pytestmark = pytest.mark.django_db


def _seed():
    with transaction.atomic():
        demo.seed(io.StringIO())


def test_progress_demo_is_idempotent_and_its_history_intact():
    _seed()
    counts = (ProgressUpdate.objects.count(), Milestone.objects.count())
    values = IndicatorValue.objects.count()
    _seed()
    assert (ProgressUpdate.objects.count(), Milestone.objects.count()) == counts
    assert IndicatorValue.objects.count() == values
    assert all(services.history_is_intact(r) for r in Recommendation.objects.all())
    assert Milestone.objects.public().late().exists()


def test_recommendation_10_can_replay_the_acceptance_scenario():
    _seed()
    assert ProgressUpdate.objects.published().filter(recommendation__number=10).exists()
    assert not ProgressUpdate.objects.drafts().filter(recommendation__number=10).exists()
    assert Recommendation.objects.get(number=11).status == "implemented"


def test_ministere2_can_publish_the_demo_draft_of_ministere():
    _seed()
    draft = ProgressUpdate.objects.drafts().get(author__username="ministere")
    publisher = draft.author.__class__.objects.get(username="ministere2")
    services.publish_update(draft, publisher)
    assert draft.recommendation.__class__.objects.get(pk=draft.recommendation_id).progress == (
        draft.progress
    )
