"""Citizen comments on consultations, their edits, votes and reports.

A comment moves through a small state machine (django-fsm): it is published at once unless the
consultation is pre-moderated or the text looks like it holds personal data; moderators hide and
restore it; its author may delete it (softly: replies stay). Counters (``score``,
``reply_count``, ``report_count``) are kept on the row so big threads sort and page on indexes.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from governance.models.accounts import public_label

MAX_DEPTH = 3
REPORTS_TO_HIDE = 3


class CommentState(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


class PendingReason(models.TextChoices):
    """Why a comment waits instead of being published (empty once it is published)."""

    PERSONAL_DATA = "personal_data", _("Looks like it contains personal data")
    PREMODERATION = "premoderation", _("Pre-moderated consultation")


class SpeakerCategory(models.TextChoices):
    """Who the author speaks as (qualité), declared by the author."""

    PATIENT = "patient", _("Patient or relative")
    HEALTH_PROFESSIONAL = "health_professional", _("Health professional")
    INDUSTRY = "industry", _("Industry")
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    OFFENSIVE = "offensive", _("Offensive")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Personal data")


# What anyone sees of a consultation's threads: published comments, and the place of hidden or
# deleted ones that still carry replies (cms.comments.selectors.visible_to adds a user's own).
SHOWN_TO_EVERYONE = Q(state=CommentState.PUBLISHED) | Q(
    state__in=[CommentState.HIDDEN, CommentState.DELETED], reply_count__gt=0
)


class CommentQuerySet(models.QuerySet):
    def with_author_label(self):
        """Read with each comment the two columns of its author's public label
        (``Comment.author_label``): a page of the API shows fifty comments, and building their
        authors as models costs more than reading the two columns. Read by subqueries, not a
        join: a list's ids query (``IdsFirstPaginator``) keeps its joins, not its annotations."""
        authors = get_user_model().objects.filter(pk=OuterRef("author_id"))
        return self.annotate(
            author_public_name=Subquery(authors.values("public_name")),
            author_erased_at=Subquery(authors.values("erased_at")),
        )


class Comment(ConcurrentTransitionMixin, models.Model):
    consultation = models.ForeignKey(
        "cms.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    # The question answered (inherited by replies); empty for the consultation as a whole.
    question = models.ForeignKey(
        "cms.ConsultationQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("question answered"),
    )
    # The top-level comment of the thread, itself for a top-level comment (``save`` sees to it):
    # a page of threads reads its threads and all their replies with one ``thread_id IN``.
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1)
    body = models.TextField(_("comment"), blank=True)
    speaker_category = models.CharField(
        _("speaking as"), max_length=32, choices=SpeakerCategory.choices, blank=True
    )
    declared_interest = models.CharField(_("declared interest"), max_length=300, blank=True)
    synthesis_email = models.BooleanField(
        _("email me the synthesis"),
        default=True,
        help_text=_("Whether the author is told by email when the synthesis is published."),
    )
    state = FSMField(
        _("state"),
        default=CommentState.PENDING,
        choices=CommentState.choices,
        protected=True,
        db_index=True,
    )
    pending_reason = models.CharField(
        _("pending reason"), max_length=32, choices=PendingReason.choices, blank=True
    )
    personal_data_found = models.JSONField(_("personal data found"), default=list, blank=True)
    hidden_by_reports = models.BooleanField(_("hidden after reports"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    score = models.IntegerField(_("score"), default=0)
    upvotes = models.PositiveIntegerField(_("up votes"), default=0)
    downvotes = models.PositiveIntegerField(_("down votes"), default=0)
    reply_count = models.PositiveIntegerField(_("published replies"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        permissions = [
            ("moderate_comment", _("Can moderate comments")),
            ("export_comments", _("Can export published comments")),
        ]
        # A page of threads and the public list of comments read their ids from these indexes
        # alone (governance.pagination.IdsFirstPaginator): each holds a list's filter, its sort
        # keys with their tie-breakers, then the columns that decide what a reader sees, so
        # PostgreSQL walks it in order, however deep the page, and counts from it.
        indexes = [
            *(
                models.Index(
                    fields=[
                        "consultation",
                        *(["question"] if answers else []),
                        *keys,
                        "created_at",
                        "id",
                        *(c for c in ("state", "reply_count", "author") if c not in keys),
                    ],
                    # PostgreSQL orders by what follows an equality, not an ``IS NULL``: the
                    # threads on the consultation as a whole have indexes of their own.
                    condition=Q(depth=1, question__isnull=not answers),
                    name=f"comment_thread_{'q_' if answers else ''}by_{name}",
                )
                for name, keys in (
                    ("date", []),
                    ("score", ["score"]),
                    ("replies", ["reply_count"]),
                )
                for answers in (True, False)
            ),
            models.Index(
                fields=["consultation", "created_at", "id"],
                condition=Q(state="published"),
                name="comment_published_by_date",
            ),
            # Counts read narrow indexes, each key shared by thousands of rows (PostgreSQL keeps
            # it once): the published comments of a consultation (the API's count), and the
            # threads a visitor sees under each question (a page's counts).
            models.Index(
                fields=["consultation"],
                condition=Q(state="published"),
                name="comment_published_count",
            ),
            models.Index(
                fields=["consultation", "question"],
                condition=Q(depth=1) & SHOWN_TO_EVERYONE,
                name="comment_visible_thread_count",
            ),
            models.Index(fields=["thread", "created_at"], name="comment_thread"),
            models.Index(fields=["state", "report_count"], name="comment_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__gte=1, depth__lte=MAX_DEPTH), name="comment_depth_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=1) | Q(parent__isnull=False, depth__gt=1),
                name="comment_depth_matches_parent",
            ),
            models.CheckConstraint(
                condition=Q(score=F("upvotes") - F("downvotes")), name="comment_score_is_votes"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.thread_id is None:  # a new thread: its first comment heads it
            type(self).objects.filter(pk=self.pk).update(thread_id=self.pk)
            self.thread_id = self.pk

    @property
    def author_label(self):
        """The author's public label (``User.public_label``), without reading the author when
        the comment was read ``with_author_label``."""
        if hasattr(self, "author_public_name"):
            return public_label(self.author_id, self.author_public_name, self.author_erased_at)
        return self.author.public_label

    def admin_label(self):
        """How editors recognise a contribution when they link an official answer to it."""
        excerpt = self.body if len(self.body) <= 90 else f"{self.body[:89]}…"
        return f"#{self.pk} · {self.author_label} · {excerpt}"

    @property
    def can_receive_replies(self):
        return self.depth < MAX_DEPTH and self.state == CommentState.PUBLISHED

    # Transitions: the services in cms.comments.services call them, log them and save.

    @transition(field=state, source=CommentState.PENDING, target=CommentState.PUBLISHED)
    def publish(self):
        self.pending_reason = ""
        self.published_at = self.published_at or timezone.now()

    @transition(field=state, source=CommentState.PUBLISHED, target=CommentState.PENDING)
    def hold(self, reason):
        """Back to moderation after an edit (personal data found, or a pre-moderated page)."""
        self.pending_reason = reason

    @transition(
        field=state,
        source=[CommentState.PENDING, CommentState.PUBLISHED, CommentState.HIDDEN],
        target=CommentState.HIDDEN,
    )
    def hide(self, by_reports=False):
        self.hidden_by_reports = by_reports
        self.pending_reason = ""

    @transition(field=state, source=CommentState.HIDDEN, target=CommentState.PUBLISHED)
    def restore(self):
        self.hidden_by_reports = False

    @transition(
        field=state,
        source=[CommentState.PENDING, CommentState.PUBLISHED, CommentState.HIDDEN],
        target=CommentState.DELETED,
    )
    def delete_softly(self):
        """The author's deletion: the text goes, the place in the thread and replies stay."""
        self.body = ""
        self.deleted_at = timezone.now()
        self.pending_reason = ""


class CommentRevision(models.Model):
    """A comment's earlier text, kept for moderators when its author edits or deletes it."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("comment")
    )
    body = models.TextField(_("previous text"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"#{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Vote(models.IntegerChoices):
    UP = 1, _("Up")
    DOWN = -1, _("Down")


class CommentVote(models.Model):
    """One vote per user per comment; the database refuses a second row."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_votes"
    )
    value = models.SmallIntegerField(_("vote"), choices=Vote.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment vote")
        verbose_name_plural = _("comment votes")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_vote_per_user"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_is_up_or_down"),
        ]

    def __str__(self):
        return f"#{self.comment_id} {self.value:+d}"


class CommentReport(models.Model):
    """A citizen's report of a comment; one per user per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ReportReason.choices)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_report_per_user"),
        ]

    def __str__(self):
        return f"#{self.comment_id} {self.reason}"


class ConversationCount(models.Model):
    """What a visitor's first visit counts of a consultation's comments, as last counted
    (``cms.comments.counts``): its published comments, and the threads everyone sees under each
    question (key ``""``: the consultation as a whole)."""

    consultation = models.OneToOneField(
        "cms.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    published = models.PositiveIntegerField(_("published comments"), default=0)
    threads = models.JSONField(_("threads by question"), default=dict)
    counted_at = models.DateTimeField(_("counted at"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation count")
        verbose_name_plural = _("conversation counts")

    def __str__(self):
        return f"{self.consultation_id}: {self.published}"
