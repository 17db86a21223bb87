"""Four eyes: the author of an update never publishes it; published updates are kept forever."""

import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance import public_cache, services
from governance.errors import Conflict
from governance.models import ProgressUpdate, RecommendationStatus
from tests.factories import UserFactory, recommendation, user_with_role
from tests.governance.factories import (
    MilestoneFactory,
    ProgressUpdateFactory,
    ministry_user,
    published_update,
)

pytestmark = pytest.mark.django_db


def test_author_may_not_publish_own_update():
    update = ProgressUpdateFactory()
    with pytest.raises(PermissionDenied):
        services.publish_update(update, update.author)
    update.refresh_from_db()
    assert not update.is_published


@pytest.mark.parametrize("role", [None, "decision-makers", "editors", "moderators"])
def test_only_ministry_staff_publish(role):
    update = ProgressUpdateFactory()
    user = user_with_role(role) if role else UserFactory()
    with pytest.raises(PermissionDenied):
        services.publish_update(update, user)


@pytest.mark.parametrize("role", [None, "decision-makers", "editors"])
def test_only_ministry_staff_draft(role):
    user = user_with_role(role) if role else UserFactory()
    with pytest.raises(PermissionDenied):
        services.draft_update(
            recommendation(3), user, status="in_progress", progress=10, comment="x"
        )


def test_second_publication_is_refused():
    update = published_update()
    with pytest.raises(Conflict):
        services.publish_update(update, ministry_user())


def test_publication_records_what_changed_and_moves_the_public_state():
    first = published_update(progress=25, status=RecommendationStatus.IN_PROGRESS)
    assert (first.previous_status, first.previous_progress) == ("not_started", 0)
    second = published_update(progress=40, status=RecommendationStatus.IN_PROGRESS)
    assert (second.previous_progress, second.progress) == (25, 40)
    assert [(before, after) for _label, before, after in second.changes] == [("25 %", "40 %")]
    rec = recommendation(10)
    assert (rec.status, rec.progress) == ("in_progress", 40)
    assert rec.last_published_at == second.published_at


def test_draft_changes_nothing_public():
    before = public_cache.versions([public_cache.BAROMETER])
    ProgressUpdateFactory(progress=90)
    rec = recommendation(10)
    assert rec.progress == 0
    assert public_cache.versions([public_cache.BAROMETER]) == before


def test_publication_invalidates_public_pages(django_capture_on_commit_callbacks):
    before = public_cache.versions([public_cache.BAROMETER])[public_cache.BAROMETER]
    with django_capture_on_commit_callbacks(execute=True):
        published_update()
    assert public_cache.versions([public_cache.BAROMETER])[public_cache.BAROMETER] > before


def test_published_update_can_be_neither_edited_nor_deleted():
    update = published_update()
    update.comment = "Réécriture de l'histoire"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    with pytest.raises(ValidationError):
        ProgressUpdate.objects.filter(pk=update.pk).delete()
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_database_refuses_self_publication():
    update = ProgressUpdateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=update.pk).update(
            published_at=timezone.now(), published_by=update.author
        )


def test_history_digest_chain_shows_tampering():
    published_update(progress=20)
    second = published_update(progress=35)
    assert services.history_is_intact(recommendation(10))
    ProgressUpdate.objects.filter(pk=second.pk).update(progress=99)
    assert not services.history_is_intact(recommendation(10))


def test_publication_publishes_draft_milestones():
    milestone = MilestoneFactory()
    assert not milestone.is_published
    published_update()
    milestone.refresh_from_db()
    assert milestone.is_published


def test_citizen_gets_404_on_a_draft_and_403_on_a_published_update(api_client):
    draft = ProgressUpdateFactory()
    published = published_update()
    api_client.force_authenticate(UserFactory())
    assert api_client.post(f"/api/v1/updates/{draft.pk}/publish/").status_code == 404
    assert api_client.post(f"/api/v1/updates/{published.pk}/publish/").status_code == 403


def test_publishing_an_unknown_update_gives_404(api_client):
    api_client.force_authenticate(ministry_user())
    assert api_client.post("/api/v1/updates/999999/publish/").status_code == 404


def test_digest_does_not_depend_on_the_time_zone_of_publication():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    when = timezone.now().astimezone(paris)
    services.publish_update(ProgressUpdateFactory(), ministry_user(), now=when)
    assert services.history_is_intact(recommendation(10))
