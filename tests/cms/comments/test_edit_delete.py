"""Authors edit (shown as edited, old text kept for moderators) and delete softly (replies stay)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cms.comments import services
from cms.models import Comment, CommentState

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(citizen, consultation):
    return services.post_comment(consultation, citizen, "Première version")


def test_edit_marks_the_comment_edited_and_keeps_the_old_text(comment, citizen):
    services.edit_comment(comment, citizen, "Deuxième version")
    comment.refresh_from_db()
    assert comment.body == "Deuxième version"
    assert comment.edited_at is not None
    assert list(comment.revisions.values_list("body", flat=True)) == ["Première version"]


def test_edit_through_the_page_shows_edited(as_user, comment, citizen, consultation):
    client = as_user(citizen)
    response = client.post(reverse("comment-edit", args=[comment.pk]), {"body": "Corrigé"})
    assert response.status_code == 302
    html = client.get(consultation.url).content.decode()
    assert "Corrigé" in html
    assert "modifié" in html


def test_someone_else_cannot_edit_or_delete(as_user, comment, other_citizen):
    client = as_user(other_citizen)
    assert client.post(reverse("comment-edit", args=[comment.pk]), {"body": "x"}).status_code == 404
    assert client.post(reverse("comment-delete", args=[comment.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment, other_citizen, "x")
    comment.refresh_from_db()
    assert comment.body == "Première version"


def test_empty_edit_is_a_form_error(as_user, comment, citizen):
    response = as_user(citizen).post(reverse("comment-edit", args=[comment.pk]), {"body": "  "})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_delete_removes_the_text_and_keeps_the_replies(
    as_user, comment, citizen, other_citizen, consultation
):
    reply = services.post_comment(consultation, other_citizen, "Une réponse", parent=comment)
    response = as_user(citizen).post(reverse("comment-delete", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.state, comment.body) == (CommentState.DELETED, "")
    assert Comment.objects.get(pk=reply.pk).state == CommentState.PUBLISHED
    html = as_user(other_citizen).get(consultation.url).content.decode()
    assert "Commentaire supprimé" in html
    assert "Une réponse" in html
    assert "Première version" not in html


def test_deleted_text_is_kept_for_moderators_only(comment, citizen):
    services.delete_comment(comment, citizen)
    assert comment.revisions.get().body == "Première version"
    assert comment.moderation_actions.get().action == "delete"


def test_deleted_comment_without_replies_leaves_no_trace_on_the_page(
    client, comment, citizen, consultation
):
    services.delete_comment(comment, citizen)
    html = client.get(consultation.url).content.decode()
    assert "Commentaire supprimé" not in html


def test_deleted_comment_cannot_be_edited(comment, citizen):
    services.delete_comment(comment, citizen)
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment, citizen, "Revenir")
