"""Replies nest at most three levels deep, under a published comment of the same consultation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from cms.comments import services
from cms.models import Comment
from tests.cms.comments.factories import consultation_page

pytestmark = pytest.mark.django_db


def api_post(client, consultation, **data):
    return client.post(
        reverse("api-consultation-comments", args=[consultation.pk]), data, format="json"
    )


@pytest.fixture
def third_level(citizen, other_citizen, consultation):
    first = services.post_comment(consultation, citizen, "Niveau 1")
    second = services.post_comment(consultation, other_citizen, "Niveau 2", parent=first)
    return services.post_comment(consultation, citizen, "Niveau 3", parent=second)


def test_replies_carry_their_thread_and_depth(third_level):
    second = third_level.parent
    first = second.parent
    assert (first.depth, second.depth, third_level.depth) == (1, 2, 3)
    assert first.thread_id == first.pk  # a thread is headed by its first comment
    assert Comment.objects.get(pk=first.pk).thread_id == first.pk
    assert second.thread_id == first.pk
    assert third_level.thread_id == first.pk


def test_reply_counts_follow_published_replies(third_level):
    first = Comment.objects.get(depth=1)
    second = Comment.objects.get(depth=2)
    assert (first.reply_count, second.reply_count) == (2, 1)


def test_reply_to_a_third_level_comment_is_refused_on_the_api(api_as, other_citizen, third_level):
    response = api_post(
        api_as(other_citizen), third_level.consultation, body="Niveau 4", parent=third_level.pk
    )
    assert response.status_code == 400
    assert "3" in response.json()["parent"][0]


def test_reply_to_a_third_level_comment_is_refused_on_the_page(as_user, other_citizen, third_level):
    response = as_user(other_citizen).post(
        reverse("comment-reply", args=[third_level.pk]), {"body": "Niveau 4"}
    )
    assert response.status_code == 400
    assert Comment.objects.count() == 3


def test_reply_through_the_page_form(as_user, other_citizen, citizen, consultation):
    first = services.post_comment(consultation, citizen, "Niveau 1")
    response = as_user(other_citizen).post(
        reverse("comment-reply", args=[first.pk]), {"body": "Je réponds"}
    )
    assert response.status_code == 302
    assert Comment.objects.get(parent=first).body == "Je réponds"


def test_database_refuses_a_fourth_level(third_level):
    with pytest.raises(IntegrityError):
        Comment.objects.create(
            consultation=third_level.consultation,
            author=third_level.author,
            parent=third_level,
            depth=4,
            body="x",
        )


def test_unknown_parent_is_a_400(api_as, citizen, consultation):
    response = api_post(api_as(citizen), consultation, body="x", parent=999999)
    assert response.status_code == 400


def test_parent_in_another_consultation_is_a_400(api_as, citizen, consultation):
    elsewhere = services.post_comment(consultation_page(), citizen, "Ailleurs")
    response = api_post(api_as(citizen), consultation, body="x", parent=elsewhere.pk)
    assert response.status_code == 400
    assert "parent" in response.json()


def test_reply_to_a_comment_not_published_is_refused(citizen, other_citizen, consultation):
    waiting = services.post_comment(consultation, citizen, "06 12 34 56 78")
    with pytest.raises(ValidationError):
        services.post_comment(consultation, other_citizen, "x", parent=waiting)
