"""Two moderators deciding on one comment at once: exactly one wins (PostgreSQL row locks)."""

import pytest
from django.db import connection

from cms.comments import moderation, services
from cms.models import CommentState, ModerationAction
from tests.cms.comments.factories import consultation_page
from tests.factories import Role, UserFactory, user_with_role
from tests.races import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_publications_of_one_comment_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    comment = services.post_comment(consultation_page(premoderation=True), UserFactory(), "Avis")
    first, second = user_with_role(Role.MODERATOR), user_with_role(Role.MODERATOR)
    outcomes = sorted(
        race(
            lambda: moderation.publish(comment, first), lambda: moderation.publish(comment, second)
        )
    )
    assert outcomes == ["Conflict", "ok"]
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
    assert ModerationAction.objects.filter(action="publish").count() == 1


def test_concurrent_reports_hide_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    comment = services.post_comment(consultation_page(), UserFactory(), "Avis")
    reporters = [UserFactory() for _i in range(4)]
    outcomes = sorted(race(*(lambda u=u: services.report(comment, u, "spam") for u in reporters)))
    assert outcomes == ["NotPermitted", "ok", "ok", "ok"]
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    assert ModerationAction.objects.filter(action="auto_hide").count() == 1
