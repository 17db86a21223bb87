"""A comment holding a NIR, an email address or a phone number is not published as it is."""

import pytest
from django.urls import reverse

from cms.comments import services
from cms.models import Comment, CommentState, PendingReason
from tests.cms.comments.factories import consultation_page

pytestmark = pytest.mark.django_db

TEXTS = {
    "nir": "Mon numéro de sécu est 1 85 05 78 006 084 91.",
    "email": "Écrivez-moi : lea.petit@example.org",
    "phone": "Appelez-moi au 06 12 34 56 78",
}


@pytest.mark.parametrize("kind", TEXTS)
def test_comment_with_personal_data_waits_with_a_reason(api_as, citizen, consultation, kind):
    response = api_as(citizen).post(
        reverse("api-consultation-comments", args=[consultation.pk]),
        {"body": TEXTS[kind]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    assert "modifiez" in response.json()["message"].lower()
    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING
    assert comment.pending_reason == PendingReason.PERSONAL_DATA
    assert comment.personal_data_found == [kind]


@pytest.mark.parametrize("kind", TEXTS)
def test_comment_with_personal_data_is_not_in_the_public_list(
    api_client, citizen, consultation, kind
):
    services.post_comment(consultation, citizen, TEXTS[kind])
    response = api_client.get(reverse("api-consultation-comments", args=[consultation.pk]))
    assert response.json()["count"] == 0
    assert TEXTS[kind] not in response.content.decode()


def test_author_is_told_which_kind_was_found(citizen, consultation):
    comment = services.post_comment(consultation, citizen, TEXTS["phone"])
    assert "numéro de téléphone" in services.pending_message(comment)


def test_editing_the_data_out_publishes_the_comment(citizen, consultation):
    comment = services.post_comment(consultation, citizen, TEXTS["phone"])
    comment = services.edit_comment(comment, citizen, "Contactez-moi par la plateforme.")
    assert comment.state == CommentState.PUBLISHED
    assert comment.pending_reason == ""
    assert comment.revisions.get().body == TEXTS["phone"]


def test_editing_personal_data_into_a_published_comment_takes_it_down(citizen, consultation):
    comment = services.post_comment(consultation, citizen, "Bonjour")
    comment = services.edit_comment(comment, citizen, TEXTS["email"])
    assert comment.state == CommentState.PENDING
    assert comment.moderation_actions.get().action == "hold"


def test_premoderation_holds_every_comment_for_a_moderator(citizen):
    consultation = consultation_page(premoderation=True)
    comment = services.post_comment(consultation, citizen, "Un avis sans donnée personnelle.")
    assert comment.state == CommentState.PENDING
    assert comment.pending_reason == PendingReason.PREMODERATION
    assert "modérateur" in services.pending_message(comment)


def test_author_sees_the_reason_on_the_page_others_do_not(
    client, citizen, other_citizen, consultation
):
    services.post_comment(consultation, citizen, TEXTS["phone"])
    client.force_login(citizen)
    own = client.get(consultation.url).content.decode()
    assert "06 12 34 56 78" in own
    assert "numéro de téléphone" in own
    client.force_login(other_citizen)
    assert "06 12 34 56 78" not in client.get(consultation.url).content.decode()
    client.logout()
    assert "06 12 34 56 78" not in client.get(consultation.url).content.decode()
