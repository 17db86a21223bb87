"""Moderation of citizen comments: the append-only log, blocked users and appeals.

Every decision on a comment or a user leaves one row in ``ModerationAction`` (who, when, what,
why), so the platform can account for each one; a hidden comment's author may appeal once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.history import AppendOnlyChainedRecord


class ModerationReason(models.TextChoices):
    """Reason codes a moderator gives when hiding a comment or blocking a user."""

    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Personal data")
    ILLEGAL = "illegal", _("Manifestly illegal content")
    OTHER = "other", _("Other")


class ModerationActionKind(models.TextChoices):
    PUBLISH = "publish", _("Published")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    HOLD = "hold", _("Held for moderation")
    AUTO_HIDE = "auto_hide", _("Hidden after reports")
    DELETE = "delete", _("Deleted by its author")
    BLOCK_USER = "block_user", _("User blocked")
    UNBLOCK_USER = "unblock_user", _("User unblocked")
    APPEAL = "appeal", _("Appeal filed")
    REJECT_APPEAL = "reject_appeal", _("Appeal rejected")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The moderation log is append-only.")

    def delete(self):
        raise TypeError("The moderation log is append-only.")


def moderation_action_content(row):
    """The fields a moderation log row's digest covers: all of them."""
    return {
        "comment": row.comment_id,
        "user": row.user_id,
        "actor": row.actor_id,
        "action": row.action,
        "reason_code": row.reason_code,
        "statement": row.statement,
        "created_at": row.created_at,
    }


class ModerationAction(AppendOnlyChainedRecord):
    """One moderation event; rows are never changed or deleted (``actor`` empty: the system).

    The log is a keyed hash chain per comment (per user for actions on a user, such as a
    block): the comment services already lock the comment while they log, and a comment (or
    account) removed with its history takes its whole chain along instead of breaking another.
    """

    comment = models.ForeignKey(
        "cms.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("comment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_actions_received",
        verbose_name=_("user concerned"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_actions_taken",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=32, choices=ModerationActionKind.choices)
    reason_code = models.CharField(
        _("reason code"), max_length=32, choices=ModerationReason.choices, blank=True
    )
    statement = models.TextField(_("statement of reasons"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()
    chain_label = "moderation log"

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The moderation log is append-only.")

    def chain_scope(self):
        if self.comment_id is not None:
            return {"comment_id": self.comment_id}
        return {"comment_id": None, "user_id": self.user_id}

    def chain_content(self):
        return moderation_action_content(self)

    @classmethod
    def chain_partitions(cls):
        return [
            cls.objects.filter(comment__isnull=False).order_by("comment_id", "pk"),
            cls.objects.filter(comment__isnull=True).order_by("user_id", "pk"),
        ]


class CommentingBlock(models.Model):
    """A user barred from commenting, replying, voting and reporting, with the reason why."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commenting_block",
        verbose_name=_("user"),
    )
    reason_code = models.CharField(
        _("reason code"), max_length=32, choices=ModerationReason.choices
    )
    statement = models.TextField(_("statement of reasons"))
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked user")
        verbose_name_plural = _("blocked users")

    def __str__(self):
        return str(self.user)


class AppealOutcome(models.TextChoices):
    PENDING = "", _("Awaiting a moderator")
    UPHELD = "upheld", _("Comment restored")
    REJECTED = "rejected", _("Hiding confirmed")


class CommentAppeal(models.Model):
    """The author's one appeal against the hiding of their comment; it lands in the queue."""

    comment = models.OneToOneField(
        "cms.Comment", on_delete=models.CASCADE, related_name="appeal", verbose_name=_("comment")
    )
    text = models.TextField(_("why the comment should be restored"))
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AppealOutcome.choices, blank=True, db_index=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return f"#{self.comment_id} {self.outcome or 'open'}"

    @property
    def is_open(self):
        return self.outcome == AppealOutcome.PENDING
