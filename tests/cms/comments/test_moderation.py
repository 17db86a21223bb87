"""Moderators publish, hide (with reasons sent to the author), restore and block; all is logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cms.comments import moderation, services
from cms.models import (
    CommentingBlock,
    CommentState,
    ModerationAction,
)
from governance.errors import Conflict
from tests.cms.comments.factories import consultation_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(citizen, consultation):
    return services.post_comment(consultation, citizen, "À modérer")


@pytest.fixture
def pending(citizen):
    return services.post_comment(consultation_page(premoderation=True), citizen, "En attente")


def test_publish_a_pending_comment_is_logged_and_mailed(
    pending, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish(pending, moderator)
    pending.refresh_from_db()
    assert pending.state == CommentState.PUBLISHED
    action = ModerationAction.objects.get(comment=pending)
    assert (action.action, action.actor, action.user) == ("publish", moderator, pending.author)
    assert [m.to for m in mailoutbox] == [[pending.author.email]]


def test_hide_needs_a_reason_code_and_a_statement(comment, moderator):
    with pytest.raises(ValidationError) as error:
        moderation.hide(comment, moderator, "nonsense", "")
    assert set(error.value.message_dict) == {"reason_code", "statement"}
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED


def test_hide_sends_the_statement_of_reasons_to_the_author(
    comment, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(comment, moderator, "offensive", "Propos injurieux envers un soignant.")
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    action = ModerationAction.objects.get(comment=comment)
    assert (action.action, action.reason_code) == ("hide", "offensive")
    assert action.statement == "Propos injurieux envers un soignant."
    (mail,) = mailoutbox
    assert mail.to == [comment.author.email]
    assert "Propos injurieux envers un soignant." in mail.body
    assert reverse("comment-appeal", args=[comment.pk]) in mail.body


def test_restore_publishes_a_hidden_comment_again(comment, moderator):
    moderation.hide(comment, moderator, "spam", "Publicité")
    moderation.restore(comment, moderator)
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
    assert list(
        ModerationAction.objects.filter(comment=comment).values_list("action", flat=True)
    ) == ["restore", "hide"]


def test_restore_of_a_published_comment_is_a_conflict(comment, moderator):
    with pytest.raises(Conflict):
        moderation.restore(comment, moderator)
    assert not ModerationAction.objects.exists()


def test_block_user_keeps_them_from_taking_part(
    comment, citizen, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.block_user(citizen, moderator, "spam", "Messages publicitaires répétés.")
    assert CommentingBlock.objects.get(user=citizen).reason_code == "spam"
    action = ModerationAction.objects.get(action="block_user")
    assert (action.user, action.actor, action.comment) == (citizen, moderator, None)
    assert "Messages publicitaires répétés." in mailoutbox[0].body
    with pytest.raises(PermissionDenied):
        services.post_comment(comment.consultation, citizen, "Encore moi")
    with pytest.raises(PermissionDenied):
        services.vote(comment, citizen, 1)
    moderation.unblock_user(citizen, moderator)
    services.post_comment(comment.consultation, citizen, "De retour")


def test_only_moderators_moderate(comment, other_citizen):
    with pytest.raises(PermissionDenied):
        moderation.hide(comment, other_citizen, "spam", "x")
    with pytest.raises(PermissionDenied):
        moderation.block_user(comment.author, other_citizen, "spam", "x")


def test_the_log_is_append_only(comment, moderator):
    moderation.hide(comment, moderator, "spam", "Publicité")
    action = ModerationAction.objects.get()
    action.statement = "réécrit"
    with pytest.raises(TypeError):
        action.save()
    with pytest.raises(TypeError):
        action.delete()
    with pytest.raises(TypeError):
        ModerationAction.objects.update(statement="x")
    with pytest.raises(TypeError):
        ModerationAction.objects.all().delete()


@pytest.mark.parametrize("tab", ["pending", "hidden", "appeals", "reported", "all"])
def test_queue_tabs_for_moderators(client, moderator, pending, comment, tab):
    client.force_login(moderator)
    response = client.get(reverse("comment-moderation-queue"), {"onglet": tab})
    assert response.status_code == 200


def test_queue_lists_pending_and_sorts_by_reports(client, moderator, consultation, citizen):
    low = services.post_comment(consultation, citizen, "Peu signalé")
    high = services.post_comment(consultation, citizen, "Très signalé")
    services.report(low, UserFactory(), "spam")
    for _i in range(2):
        services.report(high, UserFactory(), "spam")
    client.force_login(moderator)
    html = client.get(
        reverse("comment-moderation-queue"), {"onglet": "reported", "tri": "signalements"}
    ).content.decode()
    assert html.index("Très signalé") < html.index("Peu signalé")


def test_moderation_through_the_admin(client, moderator, comment):
    client.force_login(moderator)
    assert client.get(reverse("comment-moderation-detail", args=[comment.pk])).status_code == 200
    response = client.post(
        reverse("comment-moderation-hide", args=[comment.pk]),
        {"hide-reason_code": "off_topic", "hide-statement": "Hors sujet."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    client.post(reverse("comment-moderation-restore", args=[comment.pk]))
    client.post(
        reverse("comment-moderation-block", args=[comment.pk]),
        {"block-reason_code": "spam", "block-statement": "Spam."},
    )
    assert CommentingBlock.objects.filter(user=comment.author).exists()
    assert client.get(reverse("comment-moderation-log")).status_code == 200
    assert client.get(reverse("comment-moderation-blocked")).status_code == 200


def test_admin_hide_without_reasons_changes_nothing(client, moderator, comment):
    client.force_login(moderator)
    client.post(reverse("comment-moderation-hide", args=[comment.pk]), {})
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED


@pytest.mark.parametrize("name", ["comment-moderation-queue", "comment-moderation-log"])
def test_citizens_and_editors_cannot_reach_the_queue(client, citizen, name):
    client.force_login(citizen)
    assert client.get(reverse(name)).status_code in (302, 403)


def test_citizen_cannot_post_moderation_actions(client, other_citizen, comment):
    client.force_login(other_citizen)
    response = client.post(
        reverse("comment-moderation-hide", args=[comment.pk]),
        {"hide-reason_code": "spam", "hide-statement": "x"},
    )
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
