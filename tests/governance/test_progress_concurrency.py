"""Two ministry users publishing the same draft at once: exactly one wins (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from governance import services
from governance.errors import Conflict
from governance.models import ProgressUpdate
from tests.governance.factories import ProgressUpdateFactory, ministry_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_publications_have_exactly_one_winner():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    draft = ProgressUpdateFactory()
    publishers = [ministry_user(), ministry_user()]
    barrier = threading.Barrier(2)
    outcomes = []

    def publish(user):
        try:
            barrier.wait(timeout=5)
            services.publish_update(ProgressUpdate.objects.get(pk=draft.pk), user)
            outcomes.append("published")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(user,)) for user in publishers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(outcomes) == ["conflict", "published"]
    draft.refresh_from_db()
    assert draft.recommendation.updates.published().count() == 1
