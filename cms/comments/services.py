"""What citizens do with comments: post, reply, edit, delete, vote, report, appeal.

Each function checks who may act and when, applies the rule, and keeps the denormalised
counters, the public page cache and the notifications in step. Views only call these. The
cache is dropped and emails queued once the transaction commits: never for a change rolled
back, and never before a concurrent request can read the committed rows.
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.comments import counts
from cms.comments.personal_data import detect_personal_data, personal_data_message
from cms.models import (
    MAX_DEPTH,
    REPORTS_TO_HIDE,
    Comment,
    CommentAppeal,
    CommentingBlock,
    CommentReport,
    CommentRevision,
    CommentState,
    CommentVote,
    ConsultationQuestion,
    ConsultationStatus,
    ModerationAction,
    ModerationActionKind,
    PendingReason,
    ReportReason,
    SpeakerCategory,
    SynthesisAnnouncement,
)
from governance import public_cache
from governance.errors import Conflict, InvalidInput, NotPermitted


def participation_refusal(user):
    """Why ``user`` may not comment, reply, vote or report; ``None`` when they may."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated:
        return _("Sign in to take part in the consultation.")
    if not user.is_active:
        return _("This account is disabled.")
    if CommentingBlock.objects.filter(user=user).exists():
        return _("Your account has been blocked from taking part in consultations.")
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return _("Confirm your email address before taking part in the consultation.")
    return None


def ensure_can_participate(user):
    refusal = participation_refusal(user)
    if refusal:
        raise NotPermitted(refusal)


def closed_message(consultation):
    """The message shown when ``consultation`` takes no comments now; ``None`` when open."""
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        return _("This consultation is not open yet: comments open on %(date)s.") % {
            "date": date_format(timezone.localtime(consultation.opens_at), "DATETIME_FORMAT")
        }
    if status == ConsultationStatus.CLOSED:
        return _("This consultation is closed: it no longer takes comments.")
    return None


def ensure_open(consultation):
    message = closed_message(consultation)
    if message:
        raise Conflict(message)


def _clean_body(consultation, body):
    body = (body or "").strip()
    if not body:
        raise InvalidInput(errors={"body": _("Write your comment before sending it.")})
    limit = consultation.comment_max_length
    if len(body) > limit:
        raise InvalidInput(
            errors={
                "body": _("A comment is at most %(limit)s characters long (this one has %(n)s).")
                % {"limit": limit, "n": len(body)}
            }
        )
    return body


def _clean_profile(speaker_category, declared_interest):
    speaker_category = speaker_category or ""
    if speaker_category and speaker_category not in SpeakerCategory.values:
        raise InvalidInput(errors={"speaker_category": _("Choose one of the listed categories.")})
    declared_interest = (declared_interest or "").strip()
    if len(declared_interest) > 300:
        raise InvalidInput(
            errors={
                "declared_interest": _("A declaration of interest is at most 300 characters long.")
            }
        )
    return speaker_category, declared_interest


def _hold_reason(comment):
    """Why ``comment``'s text may not be published as it is now (empty when it may)."""
    found = detect_personal_data(comment.body)
    comment.personal_data_found = [str(kind) for kind in found]
    if found:
        return PendingReason.PERSONAL_DATA
    if comment.consultation.premoderation:
        return PendingReason.PREMODERATION
    return ""


def pending_message(comment):
    """What the author reads about their comment waiting (``None`` once it is published)."""
    if comment.state != CommentState.PENDING:
        return None
    if comment.pending_reason == PendingReason.PERSONAL_DATA:
        return personal_data_message(comment.personal_data_found)
    return _("Comments on this consultation are read by a moderator before they are published.")


def log_action(comment, actor, action, reason_code="", statement="", user=None):
    return ModerationAction.objects.create(
        comment=comment,
        user=user or (comment.author if comment else None),
        actor=actor,
        action=action,
        reason_code=reason_code,
        statement=statement,
    )


def _ancestor_ids(comment):
    return {pk for pk in (comment.parent_id, comment.thread_id) if pk and pk != comment.pk}


def public_pages_changed(comment, hard=False):
    """Count ``comment``'s consultation again (``counts``) and drop its cached copies (page,
    comment pages, API) once the current transaction commits; nothing else shows its comments
    or counts them. ``hard`` when something disappears or is corrected: then no visitor is
    served the old copy."""
    # Counted again first: the page rebuilt after the invalidation reads the new counts.
    transaction.on_commit(partial(counts.count_again, comment.consultation_id))
    public_cache.invalidate_after_commit(
        public_cache.consultation_scope(comment.consultation_id), hard=hard
    )


def author_label_changed(user):
    """The name ``user``'s comments are signed with changed (a new public name, a deleted
    account): every consultation they wrote in is counted again and drops its cached copies
    once the change commits, as for any change visitors see of its comments."""
    consultations = (
        Comment.objects.filter(author=user).order_by().values_list("consultation_id", flat=True)
    )
    for consultation_id in set(consultations):
        transaction.on_commit(partial(counts.count_again, consultation_id))
        public_cache.invalidate_after_commit(
            public_cache.consultation_scope(consultation_id), hard=True
        )


def enqueue_after_commit(task, *args):
    transaction.on_commit(partial(task.enqueue, *args))


def visibility_changed(comment, became_visible):
    """Keep ancestors' reply counts and the public page cache in step with ``comment``."""
    ancestors = _ancestor_ids(comment)
    if ancestors:
        delta = 1 if became_visible else -1
        Comment.objects.filter(pk__in=ancestors).update(reply_count=F("reply_count") + delta)
    public_pages_changed(comment, hard=not became_visible)


def announce_reply(comment):
    """A reply is published for the first time: tell the author of the comment it answers."""
    from cms.tasks import notify_reply

    if comment.parent_id and comment.parent.author_id != comment.author_id:
        enqueue_after_commit(notify_reply, comment.pk)


def _save_state(comment, *fields):
    comment.save(update_fields=["state", *fields])


def _clean_question(consultation, question):
    """The question a new top-level comment answers: one of ``consultation``'s, or none."""
    if question in (None, ""):
        return None
    question_id = getattr(question, "pk", question)
    found = ConsultationQuestion.objects.filter(page=consultation, pk=question_id).first()
    if found is None:
        raise InvalidInput(
            errors={"question": _("Choose one of the questions of this consultation.")}
        )
    return found


@transaction.atomic
def post_comment(
    consultation,
    author,
    body,
    parent=None,
    speaker_category="",
    declared_interest="",
    question=None,
    synthesis_email=True,
):
    """Create a comment or a reply; it is published at once unless it must wait (see pending).

    A top-level comment answers ``question`` (or the consultation as a whole); a reply answers
    the question of the comment it replies to."""
    ensure_can_participate(author)
    ensure_open(consultation)
    body = _clean_body(consultation, body)
    speaker_category, declared_interest = _clean_profile(speaker_category, declared_interest)
    question = _clean_question(consultation, question) if parent is None else None
    depth, thread_id = 1, None
    if parent is not None:
        if parent.consultation_id != consultation.pk or parent.state != CommentState.PUBLISHED:
            raise InvalidInput(errors={"parent": _("You can only reply to a published comment.")})
        if parent.depth >= MAX_DEPTH:
            raise InvalidInput(
                errors={
                    "parent": _(
                        "Replies go at most %(depth)s levels deep: reply to the comment above "
                        "instead."
                    )
                    % {"depth": MAX_DEPTH}
                }
            )
        depth, thread_id = parent.depth + 1, parent.thread_id or parent.pk
        question = parent.question
    comment = Comment(
        consultation=consultation,
        author=author,
        parent=parent,
        question=question,
        synthesis_email=bool(synthesis_email),
        thread_id=thread_id,
        depth=depth,
        body=body,
        speaker_category=speaker_category,
        declared_interest=declared_interest,
    )
    comment.pending_reason = _hold_reason(comment)
    if not comment.pending_reason:
        comment.publish()
    comment.save()
    if comment.state == CommentState.PUBLISHED:
        visibility_changed(comment, became_visible=True)
        announce_reply(comment)
    return comment


def _locked(comment):
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation", "author")
        .get(pk=comment.pk)
    )


@transaction.atomic
def edit_comment(
    comment, user, body, speaker_category=None, declared_interest=None, synthesis_email=None
):
    """The author rewrites their comment: the old text is kept, the new one checked again."""
    comment = _locked(comment)
    if comment.author_id != user.pk:
        raise NotPermitted(_("Only its author may edit a comment."))
    ensure_can_participate(user)
    ensure_open(comment.consultation)
    if comment.state not in (CommentState.PENDING, CommentState.PUBLISHED):
        raise NotPermitted(_("This comment can no longer be edited."))
    body = _clean_body(comment.consultation, body)
    if speaker_category is not None or declared_interest is not None:
        comment.speaker_category, comment.declared_interest = _clean_profile(
            comment.speaker_category if speaker_category is None else speaker_category,
            comment.declared_interest if declared_interest is None else declared_interest,
        )
    if synthesis_email is not None:
        comment.synthesis_email = bool(synthesis_email)
    if body != comment.body:
        CommentRevision.objects.create(comment=comment, body=comment.body)
        comment.body = body
        comment.edited_at = timezone.now()
    was_published = comment.state == CommentState.PUBLISHED
    never_published = comment.published_at is None
    reason = _hold_reason(comment)
    if reason and was_published:
        comment.hold(reason)
        log_action(comment, None, ModerationActionKind.HOLD, statement=str(reason.label))
    elif reason:
        comment.pending_reason = reason
    elif not was_published:
        comment.publish()
    comment.save(
        update_fields=[
            "state",
            "body",
            "edited_at",
            "published_at",
            "pending_reason",
            "personal_data_found",
            "speaker_category",
            "declared_interest",
            "synthesis_email",
        ]
    )
    is_published = comment.state == CommentState.PUBLISHED
    if was_published != is_published:
        visibility_changed(comment, became_visible=is_published)
    elif is_published:
        # Its old text must not be served again.
        public_pages_changed(comment, hard=True)
    if is_published and never_published:
        announce_reply(comment)
    return comment


@transaction.atomic
def delete_comment(comment, user):
    """Soft delete by the author: the text goes (kept for moderators), replies stay."""
    comment = _locked(comment)
    if comment.author_id != user.pk:
        raise NotPermitted(_("Only its author may delete a comment."))
    if comment.state == CommentState.DELETED:
        return comment
    was_published = comment.state == CommentState.PUBLISHED
    CommentRevision.objects.create(comment=comment, body=comment.body)
    comment.delete_softly()
    _save_state(comment, "body", "deleted_at", "pending_reason")
    log_action(comment, user, ModerationActionKind.DELETE)
    if was_published:
        visibility_changed(comment, became_visible=False)
    return comment


@transaction.atomic
def vote(comment, user, value):
    """Vote up (1) or down (-1): voting the same way again removes the vote, the other way
    changes it. Returns the user's vote now (``None`` when removed)."""
    ensure_can_participate(user)
    if value not in (1, -1):
        raise InvalidInput(errors={"value": _("Vote up or down.")})
    comment = _locked(comment)
    if comment.state != CommentState.PUBLISHED:
        raise NotPermitted(_("Only published comments can be voted on."))
    if comment.author_id == user.pk:
        raise NotPermitted(_("You cannot vote on your own comment."))
    ensure_open(comment.consultation)
    existing = CommentVote.objects.filter(comment=comment, user=user).first()
    up, down, result = 0, 0, value
    if existing is None:
        CommentVote.objects.create(comment=comment, user=user, value=value)
        up, down = (1, 0) if value == 1 else (0, 1)
    elif existing.value == value:
        existing.delete()
        up, down, result = (-1, 0, None) if value == 1 else (0, -1, None)
    else:
        existing.value = value
        existing.save(update_fields=["value"])
        up, down = (1, -1) if value == 1 else (-1, 1)
    Comment.objects.filter(pk=comment.pk).update(
        upvotes=F("upvotes") + up,
        downvotes=F("downvotes") + down,
        score=F("score") + up - down,
    )
    public_pages_changed(comment)
    return result


@transaction.atomic
def report(comment, user, reason):
    """Report a published comment; the third report by distinct users hides it for review."""
    ensure_can_participate(user)
    if reason not in ReportReason.values:
        raise InvalidInput(
            errors={"reason": _("Choose a reason: spam, offensive, off_topic or personal_data.")}
        )
    comment = _locked(comment)
    if comment.state != CommentState.PUBLISHED:
        raise NotPermitted(_("Only published comments can be reported."))
    if comment.author_id == user.pk:
        raise NotPermitted(_("You cannot report your own comment."))
    try:
        with transaction.atomic():
            created = CommentReport.objects.create(comment=comment, user=user, reason=reason)
    except IntegrityError as error:
        raise Conflict(_("You have already reported this comment.")) from error
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    comment.report_count += 1
    if comment.report_count >= REPORTS_TO_HIDE:
        comment.hide(by_reports=True)
        _save_state(comment, "hidden_by_reports", "pending_reason")
        action = log_action(comment, None, ModerationActionKind.AUTO_HIDE)
        visibility_changed(comment, became_visible=False)
        from cms.tasks import notify_moderation_decision

        enqueue_after_commit(notify_moderation_decision, action.pk)
    return created


@transaction.atomic
def file_appeal(comment, user, text):
    """The author contests the hiding of their comment, once; it lands in the moderation queue."""
    comment = _locked(comment)
    if comment.author_id != user.pk:
        raise NotPermitted(_("Only its author may appeal a comment's hiding."))
    if comment.state != CommentState.HIDDEN:
        raise NotPermitted(_("Only a hidden comment can be appealed."))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(errors={"text": _("Say why the comment should be restored.")})
    if len(text) > 2000:
        raise InvalidInput(errors={"text": _("An appeal is at most 2000 characters long.")})
    if CommentAppeal.objects.filter(comment=comment).exists():
        raise Conflict(_("You have already appealed this decision."))
    appeal = CommentAppeal.objects.create(comment=comment, text=text)
    log_action(comment, user, ModerationActionKind.APPEAL, statement=text)
    return appeal


def synthesis_recipients(consultation):
    """Who took part (a published contribution) and did not decline the synthesis email."""
    from django.contrib.auth import get_user_model

    declined = Comment.objects.filter(consultation=consultation, synthesis_email=False).values(
        "author"
    )
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            consultation_comments__consultation=consultation,
            consultation_comments__state=CommentState.PUBLISHED,
        )
        .exclude(pk__in=declined)
        .exclude(email="")
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def announce_synthesis(consultation):
    """Once a closed consultation's synthesis is published, email each participant, once.

    The announcement row is unique per consultation: republishing sends nothing more. Returns
    the number of messages queued (after commit, one task per recipient)."""
    from cms.tasks import notify_synthesis

    # Participants took part in the source's conversation, whichever translation is published.
    consultation = consultation.conversation_page
    if not consultation.is_closed or not consultation.has_synthesis:
        return 0
    announcement, created = SynthesisAnnouncement.objects.get_or_create(consultation=consultation)
    if not created:
        return 0
    recipients = list(synthesis_recipients(consultation))
    announcement.recipients = len(recipients)
    announcement.save(update_fields=["recipients"])
    for user_id in recipients:
        enqueue_after_commit(notify_synthesis, consultation.pk, user_id)
    return len(recipients)
