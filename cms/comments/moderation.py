"""Moderators' decisions on comments and users, each logged and explained to whom it concerns."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from cms.comments.services import (
    announce_reply,
    enqueue_after_commit,
    log_action,
    visibility_changed,
)
from cms.models import (
    AppealOutcome,
    Comment,
    CommentAppeal,
    CommentingBlock,
    CommentState,
    ModerationActionKind,
    ModerationReason,
)
from governance.errors import Conflict, InvalidInput, NotPermitted

MODERATE_PERMISSION = "cms.moderate_comment"


def is_moderator(user):
    return user.is_authenticated and user.has_perm(MODERATE_PERMISSION)


def _ensure_moderator(user):
    if not is_moderator(user):
        raise NotPermitted(_("Only moderators may do this."))


def _clean_reasons(reason_code, statement):
    errors = {}
    if reason_code not in ModerationReason.values:
        errors["reason_code"] = _("Choose a reason code.")
    statement = (statement or "").strip()
    if not statement:
        errors["statement"] = _("Write the statement of reasons sent to the author.")
    if errors:
        raise InvalidInput(errors=errors)
    return statement


def _locked(comment, transition):
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation", "author", "parent")
        .get(pk=comment.pk)
    )
    if not can_proceed(getattr(comment, transition)):
        raise Conflict(_("This comment has changed in the meantime: reload the queue."))
    return comment


def _close_appeal(comment, outcome):
    CommentAppeal.objects.filter(comment=comment, outcome=AppealOutcome.PENDING).update(
        outcome=outcome, decided_at=timezone.now()
    )


def _notify(action):
    from cms.tasks import notify_moderation_decision

    enqueue_after_commit(notify_moderation_decision, action.pk)


@transaction.atomic
def publish(comment, moderator):
    """Publish a comment that was waiting (pre-moderation or a personal-data false alarm)."""
    _ensure_moderator(moderator)
    comment = _locked(comment, "publish")
    never_published = comment.published_at is None
    comment.publish()
    comment.save(update_fields=["state", "pending_reason", "published_at"])
    _notify(log_action(comment, moderator, ModerationActionKind.PUBLISH))
    visibility_changed(comment, became_visible=True)
    if never_published:
        announce_reply(comment)
    return comment


@transaction.atomic
def hide(comment, moderator, reason_code, statement):
    """Hide a comment (or confirm a hiding after reports), with reasons sent to its author."""
    _ensure_moderator(moderator)
    statement = _clean_reasons(reason_code, statement)
    comment = _locked(comment, "hide")
    was_published = comment.state == CommentState.PUBLISHED
    comment.hide()
    comment.save(update_fields=["state", "hidden_by_reports", "pending_reason"])
    _close_appeal(comment, AppealOutcome.REJECTED)
    _notify(log_action(comment, moderator, ModerationActionKind.HIDE, reason_code, statement))
    if was_published:
        visibility_changed(comment, became_visible=False)
    return comment


@transaction.atomic
def restore(comment, moderator):
    """Publish a hidden comment again (and grant its appeal, if any)."""
    _ensure_moderator(moderator)
    comment = _locked(comment, "restore")
    comment.restore()
    comment.save(update_fields=["state", "hidden_by_reports"])
    _close_appeal(comment, AppealOutcome.UPHELD)
    _notify(log_action(comment, moderator, ModerationActionKind.RESTORE))
    visibility_changed(comment, became_visible=True)
    return comment


@transaction.atomic
def reject_appeal(appeal, moderator, statement):
    """Keep the comment hidden and tell its author why."""
    _ensure_moderator(moderator)
    statement = (statement or "").strip()
    if not statement:
        raise InvalidInput(
            errors={"statement": _("Write the statement of reasons sent to the author.")}
        )
    updated = CommentAppeal.objects.filter(pk=appeal.pk, outcome=AppealOutcome.PENDING).update(
        outcome=AppealOutcome.REJECTED, decided_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("This appeal has already been decided."))
    comment = Comment.objects.select_related("author").get(pk=appeal.comment_id)
    _notify(log_action(comment, moderator, ModerationActionKind.REJECT_APPEAL, "", statement))


@transaction.atomic
def block_user(user, moderator, reason_code, statement):
    """Bar ``user`` from taking part in consultations; they are told why."""
    _ensure_moderator(moderator)
    statement = _clean_reasons(reason_code, statement)
    if user.pk == moderator.pk:
        raise InvalidInput(errors={"user": _("You cannot block yourself.")})
    _block, created = CommentingBlock.objects.get_or_create(
        user=user,
        defaults={"reason_code": reason_code, "statement": statement, "blocked_by": moderator},
    )
    if not created:
        raise Conflict(_("This user is already blocked."))
    _notify(
        log_action(
            None, moderator, ModerationActionKind.BLOCK_USER, reason_code, statement, user=user
        )
    )


@transaction.atomic
def unblock_user(user, moderator):
    _ensure_moderator(moderator)
    deleted, _rows = CommentingBlock.objects.filter(user=user).delete()
    if not deleted:
        raise Conflict(_("This user is not blocked."))
    log_action(None, moderator, ModerationActionKind.UNBLOCK_USER, user=user)
