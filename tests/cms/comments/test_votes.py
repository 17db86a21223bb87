"""One vote per user per comment: the same vote again removes it, the other way changes it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.urls import reverse

from cms.comments import services
from cms.models import Comment, CommentVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(citizen, consultation):
    return services.post_comment(consultation, citizen, "À voter")


def counters(comment):
    comment = Comment.objects.get(pk=comment.pk)
    return comment.upvotes, comment.downvotes, comment.score


def test_vote_up_counts_once(comment, other_citizen):
    assert services.vote(comment, other_citizen, 1) == 1
    assert counters(comment) == (1, 0, 1)


def test_same_vote_again_removes_it(comment, other_citizen):
    services.vote(comment, other_citizen, 1)
    assert services.vote(comment, other_citizen, 1) is None
    assert counters(comment) == (0, 0, 0)
    assert not CommentVote.objects.exists()


def test_opposite_vote_changes_it(comment, other_citizen):
    services.vote(comment, other_citizen, 1)
    assert services.vote(comment, other_citizen, -1) == -1
    assert counters(comment) == (0, 1, -1)
    assert CommentVote.objects.get().value == -1


def test_database_refuses_a_second_vote_row(comment, other_citizen):
    CommentVote.objects.create(comment=comment, user=other_citizen, value=1)
    with pytest.raises(IntegrityError):
        CommentVote.objects.create(comment=comment, user=other_citizen, value=-1)


def test_author_may_not_vote_on_own_comment(comment, citizen):
    with pytest.raises(PermissionDenied):
        services.vote(comment, citizen, 1)


def test_vote_through_the_page(as_user, comment, other_citizen):
    response = as_user(other_citizen).post(
        reverse("comment-vote", args=[comment.pk]), {"value": "down"}
    )
    assert response.status_code == 302
    assert counters(comment) == (0, 1, -1)


def test_malformed_vote_changes_nothing(as_user, comment, other_citizen):
    response = as_user(other_citizen).post(
        reverse("comment-vote", args=[comment.pk]), {"value": "sideways"}
    )
    assert response.status_code == 302
    assert counters(comment) == (0, 0, 0)


def test_anonymous_vote_is_sent_to_sign_in(client, comment):
    response = client.post(reverse("comment-vote", args=[comment.pk]), {"value": "up"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert counters(comment) == (0, 0, 0)
