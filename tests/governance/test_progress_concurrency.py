"""Publication racing its author or a colleague (PostgreSQL row locks, real threads).

Each round starts both sides at a barrier, each thread on its own database connection; the
author's side holds the copy their edit form loaded before the publication, as the admin's
edit and delete views do. Whatever the interleaving: a publication that succeeded is never
undone, never deleted, and publishes exactly the version the publisher checked.
"""

import pytest
from django.db import connection

from governance import history, services
from governance.models import ProgressUpdate
from tests.factories import recommendation
from tests.governance.factories import ProgressUpdateFactory, ministry_user
from tests.races import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 12


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def test_publication_racing_the_authors_edit_is_never_undone():
    author, publisher = ministry_user(), ministry_user()
    for round_number in range(ROUNDS):
        reviewed = f"Version relue {round_number}"
        draft = ProgressUpdateFactory(author=author, progress=10 + round_number, comment=reviewed)
        form_copy = ProgressUpdate.objects.get(pk=draft.pk)
        form_copy.comment, form_copy.progress = f"Réécrit {round_number}", 99

        published, edited = race(
            lambda draft=draft: services.publish_update(draft, publisher, version=1),
            form_copy.save,
        )

        row = ProgressUpdate.objects.get(pk=draft.pk)
        if published == "ok":
            assert edited == "ValidationError"
            assert row.is_published and row.digest
            assert (row.comment, row.progress) == (reviewed, 10 + round_number)
            assert recommendation(10).progress == row.progress
        else:
            assert (published, edited) == ("DraftChanged", "ok")
            assert not row.is_published and row.version == 2
        assert services.history_is_intact(recommendation(10)), round_number
    assert history.all_breaks() == []


def test_publication_racing_a_delete_is_never_erased():
    author, publisher = ministry_user(), ministry_user()
    published_count = 0
    for round_number in range(ROUNDS):
        draft = ProgressUpdateFactory(author=author, progress=10 + round_number)
        delete_copy = ProgressUpdate.objects.get(pk=draft.pk)

        published, deleted = race(
            lambda draft=draft: services.publish_update(draft, publisher, version=1),
            delete_copy.delete,
        )

        if published == "ok":
            published_count += 1
            assert deleted == "ValidationError"
            assert ProgressUpdate.objects.filter(pk=draft.pk, published_at__isnull=False).exists()
        else:
            assert (published, deleted) == ("DoesNotExist", "ok")
            assert not ProgressUpdate.objects.filter(pk=draft.pk).exists()
        assert services.history_is_intact(recommendation(10)), round_number
    assert ProgressUpdate.objects.published().count() == published_count
    assert services.recommendation_breaks() == []


def test_concurrent_publications_have_exactly_one_winner():
    author = ministry_user()
    publishers = [ministry_user(), ministry_user()]
    for round_number in range(ROUNDS):
        draft = ProgressUpdateFactory(author=author, progress=round_number)
        outcomes = race(
            *(
                lambda user=user, draft=draft: services.publish_update(
                    ProgressUpdate.objects.get(pk=draft.pk), user, version=1
                )
                for user in publishers
            )
        )
        assert sorted(outcomes) == ["AlreadyPublished", "ok"]
    assert ProgressUpdate.objects.published().count() == ROUNDS
    assert services.history_is_intact(recommendation(10))
