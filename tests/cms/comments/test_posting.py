"""Signed-in citizens with a confirmed email comment on an open consultation; others read."""

import pytest
from django.urls import reverse

from cms.models import Comment, CommentingBlock
from tests.cms.comments.factories import consultation_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def api_url(consultation):
    return reverse("api-consultation-comments", args=[consultation.pk])


def test_citizen_comment_is_published_at_once(api_as, citizen, consultation):
    response = api_as(citizen).post(api_url(consultation), {"body": "Bonne idée."}, format="json")
    assert response.status_code == 201
    assert response.json()["state"] == "published"
    comment = Comment.objects.get()
    assert (comment.author, comment.state, comment.depth) == (citizen, "published", 1)


def test_citizen_comments_through_the_page_form(as_user, citizen, consultation):
    client = as_user(citizen)
    response = client.post(
        reverse("comment-create", args=[consultation.pk]),
        {"body": "Par le formulaire.", "speaker_category": "patient"},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#commentaire-{comment.pk}")
    assert comment.speaker_category == "patient"


def test_speaker_category_and_declared_interest_are_kept(api_as, citizen, consultation):
    response = api_as(citizen).post(
        api_url(consultation),
        {
            "body": "Avis d'un industriel.",
            "speaker_category": "industry",
            "declared_interest": "Salarié d'un éditeur",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["speaker_category"] == "industry"
    assert response.json()["declared_interest"] == "Salarié d'un éditeur"


def test_unknown_speaker_category_is_a_400(api_as, citizen, consultation):
    response = api_as(citizen).post(
        api_url(consultation), {"body": "x", "speaker_category": "astronaut"}, format="json"
    )
    assert response.status_code == 400
    assert "speaker_category" in response.json()


def test_anonymous_visitor_cannot_post_through_the_api(api_client, consultation):
    response = api_client.post(api_url(consultation), {"body": "Anonyme"}, format="json")
    assert response.status_code in (401, 403)
    assert not Comment.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in_from_the_page(client, consultation):
    response = client.post(reverse("comment-create", args=[consultation.pk]), {"body": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unconfirmed_email_may_not_comment(api_as, consultation):
    user = UserFactory(verified_email=False)
    response = api_as(user).post(api_url(consultation), {"body": "x"}, format="json")
    assert response.status_code == 403
    assert "adresse électronique" in response.json()["detail"]


def test_blocked_user_may_not_comment(api_as, citizen, moderator, consultation):
    CommentingBlock.objects.create(
        user=citizen, reason_code="spam", statement="Spam répété", blocked_by=moderator
    )
    response = api_as(citizen).post(api_url(consultation), {"body": "x"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("fixture", ["closed_consultation", "upcoming_consultation"])
def test_consultation_not_open_refuses_comments_on_the_api(api_as, citizen, request, fixture):
    consultation = request.getfixturevalue(fixture)
    response = api_as(citizen).post(api_url(consultation), {"body": "Trop tard"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"]
    assert not Comment.objects.exists()


def test_closed_consultation_refuses_comments_on_the_page(as_user, citizen, closed_consultation):
    response = as_user(citizen).post(
        reverse("comment-create", args=[closed_consultation.pk]), {"body": "Trop tard"}
    )
    assert response.status_code == 403
    assert "fermée" in response.content.decode()
    assert not Comment.objects.exists()


def test_length_limit_is_set_per_consultation(api_as, citizen):
    consultation = consultation_page(comment_max_length=200)
    ok = api_as(citizen).post(api_url(consultation), {"body": "a" * 200}, format="json")
    too_long = api_as(citizen).post(api_url(consultation), {"body": "a" * 201}, format="json")
    assert ok.status_code == 201
    assert too_long.status_code == 400
    assert "body" in too_long.json()


def test_default_length_limit_is_1000_characters(api_as, citizen, consultation):
    assert consultation.comment_max_length == 1000
    response = api_as(citizen).post(api_url(consultation), {"body": "a" * 1001}, format="json")
    assert response.status_code == 400


def test_unpublished_consultation_is_a_404(api_as, citizen, consultation):
    consultation.unpublish()
    response = api_as(citizen).post(api_url(consultation), {"body": "x"}, format="json")
    assert response.status_code == 404
