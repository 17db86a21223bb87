"""Demo: each demo citizen can comment and reply on the open consultation; seeding is idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model

from cms.comments import services
from cms.comments.demo import CITIZENS, seed_comments
from cms.models import Comment, CommentState
from governance.demo import DEMO_USERS, demo_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_citizens(db):
    return [demo_user(name, *DEMO_USERS[name]) for name in CITIZENS]


def test_seed_adds_published_pending_and_hidden_comments_once(demo_citizens, consultation):
    seed_comments(io.StringIO())
    states = list(Comment.objects.values_list("state", flat=True))
    assert states.count(CommentState.PUBLISHED) == 5
    assert states.count(CommentState.PENDING) == 1
    assert states.count(CommentState.HIDDEN) == 1
    assert Comment.objects.filter(depth=3).exists()
    seed_comments(io.StringIO())
    assert Comment.objects.count() == len(states)


def test_every_demo_citizen_can_comment_and_reply(demo_citizens, consultation):
    seed_comments(io.StringIO())
    first = Comment.objects.filter(depth=1, state=CommentState.PUBLISHED).first()
    for citizen in get_user_model().objects.filter(username__in=CITIZENS):
        assert services.participation_refusal(citizen) is None
        comment = services.post_comment(consultation, citizen, f"Avis de {citizen.username}")
        reply = services.post_comment(consultation, citizen, "Réponse", parent=first)
        assert (comment.state, reply.state) == (CommentState.PUBLISHED, CommentState.PUBLISHED)


def test_closed_consultation_gets_no_demo_comments(demo_citizens, closed_consultation):
    seed_comments(io.StringIO())
    assert not Comment.objects.exists()
