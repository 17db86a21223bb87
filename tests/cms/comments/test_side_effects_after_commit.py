"""Comment services drop the public page cache and queue emails only once their change commits.

Before, a concurrent request could rebuild the old page under the new cache generation and keep
it for the cache's lifetime; a rolled-back change still emptied the cache and sent its emails.
"""

import pytest
from django.db import transaction

from cms.comments import moderation, services
from governance import public_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _shown(comment):
    """The version of the cached copies showing ``comment``'s consultation."""
    scope = public_cache.consultation_scope(comment.consultation_id)
    return public_cache.versions([scope])[scope]


@pytest.fixture
def parent(consultation, citizen):
    return services.post_comment(consultation, citizen, "Question ?")


def _reply(parent, other_citizen, **kwargs):
    services.post_comment(parent.consultation, other_citizen, "Réponse !", parent=parent)


def _vote(parent, other_citizen, **kwargs):
    services.vote(parent, other_citizen, 1)


def _third_report(parent, other_citizen, **kwargs):
    for user in (UserFactory(), UserFactory(), other_citizen):
        services.report(parent, user, "spam")


def _moderator_hides(parent, other_citizen, moderator):
    moderation.hide(parent, moderator, "offensive", "Propos injurieux.")


ACTIONS = [_reply, _vote, _third_report, _moderator_hides]


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__.strip("_"))
def test_a_rolled_back_change_neither_drops_the_cache_nor_sends_email(
    action, parent, other_citizen, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    before = _shown(parent)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        action(parent, other_citizen, moderator=moderator)
        raise Rollback
    assert callbacks == []
    assert _shown(parent) == before
    assert mailoutbox == []


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__.strip("_"))
def test_the_cache_is_dropped_and_email_queued_only_after_commit(
    action, parent, other_citizen, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    before = _shown(parent)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action(parent, other_citizen, moderator=moderator)
        assert _shown(parent) == before
        assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert _shown(parent) > before
    if action is not _vote:
        assert len(mailoutbox) == 1
