"""Expert reviews (instruction par les organismes experts): one per body and round of review.

Each review has its own state machine; call its transitions only through
``workflows.services.perform_review``, which locks the dossier, checks who may act, logs and
moves the dossier on when the last review of the round is settled.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.models.attachment import attachment_path
from workflows.models.dossier import Dossier, DossierState


class ReviewBody(models.TextChoices):
    HAS = "has", _("HAS (Haute Autorité de santé)")
    ANS = "ans", _("ANS (Agence du numérique en santé)")
    ARS = "ars", _("ARS (regional health agency)")


class ReviewState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    SUBMITTED = "submitted", _("Submitted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Past its deadline")


class ReviewOpinion(models.TextChoices):
    """Every value of every procedure's scale; ``workflows.procedures`` says which apply where."""

    COMPLIANT = "compliant", _("Compliant")
    COMPLIANT_WITH_RESERVATIONS = "compliant_with_reservations", _("Compliant with reservations")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    FAVOURABLE = "favourable", _("Favourable")
    FAVOURABLE_WITH_RESERVATIONS = "favourable_with_reservations", _("Favourable with reservations")
    FAVOURABLE_WITH_NON_SUSPENSIVE_RESERVATIONS = (
        "favourable_with_non_suspensive_reservations",
        _("Favourable with non-suspensive reservations"),
    )
    FAVOURABLE_WITH_SUSPENSIVE_RESERVATIONS = (
        "favourable_with_suspensive_reservations",
        _("Favourable with suspensive reservations"),
    )
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


R = ReviewState
RUNNING_STATES = (R.REQUESTED, R.ACCEPTED, R.EXPIRED)
SETTLED_STATES = (R.SUBMITTED, R.DECLINED)


def dossier_under_review(review):
    """Reviews move only while the dossier is in expert review, not while the applicant corrects."""
    return review.dossier.state == DossierState.EXPERT_REVIEW


def body_member(review, user):
    """The members of the review's body (its group), and superusers."""
    from governance.roles import user_roles

    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or review.group.name in user_roles(user)


class ExpertReviewQuerySet(models.QuerySet):
    def running(self):
        return self.filter(state__in=RUNNING_STATES)

    def past_due(self, now=None):
        return self.filter(
            state__in=(R.REQUESTED, R.ACCEPTED),
            paused_at__isnull=True,
            due_at__lt=now or timezone.now(),
        )


class ExpertReview(ConcurrentTransitionMixin, models.Model):
    """One body's review of a dossier: its opinion on the procedure's scale and its motivation."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    body = models.CharField(_("body"), max_length=10, choices=ReviewBody.choices)
    group = models.ForeignKey(
        Group, verbose_name=_("reviewing group"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("state"), max_length=20, choices=R.choices, default=R.REQUESTED,
                     protected=True)  # fmt: skip
    opinion = models.CharField(
        _("opinion"), max_length=50, choices=ReviewOpinion.choices, blank=True
    )
    comment = models.TextField(_("motivation"), blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(_("file content type"), max_length=100, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), on_delete=models.SET_NULL,
        related_name="assigned_reviews", null=True, blank=True, editable=False,
    )  # fmt: skip

    objects = ExpertReviewQuerySet.as_manager()

    class Meta:
        ordering = ["round", "body", "pk"]
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "round", "body"], name="review_one_per_body_and_round"
            )
        ]
        indexes = [
            models.Index(fields=["group", "state", "due_at"], name="review_group_state_due"),
            models.Index(fields=["dossier", "round"], name="review_dossier_round"),
        ]

    def __str__(self):
        return f"{self.dossier} · {self.get_body_display()} · {self.get_state_display()}"

    @property
    def is_running(self):
        return self.state in RUNNING_STATES

    def is_overdue(self, now=None):
        return (
            self.is_running
            and self.paused_at is None
            and self.due_at is not None
            and self.due_at < (now or timezone.now())
        )

    def pause_clock(self, now):
        if self.is_running and self.paused_at is None:
            self.paused_at = now

    def resume_clock(self, now):
        if self.paused_at is not None and self.due_at is not None:
            self.due_at += now - self.paused_at
        self.paused_at = None

    # Transitions ------------------------------------------------------------------------------

    @transition(field=state, source=R.REQUESTED, target=R.ACCEPTED, permission=body_member,
                conditions=[dossier_under_review])  # fmt: skip
    def accept(self, now, user):
        """The body takes the review on."""
        self.accepted_by = user

    @transition(field=state, source=[R.ACCEPTED, R.EXPIRED], target=R.SUBMITTED,
                permission=body_member, conditions=[dossier_under_review])  # fmt: skip
    def submit(self, now, user):
        """The body gives its opinion (late submissions of an expired review are accepted)."""
        self.submitted_by = user
        self.submitted_at = now

    @transition(field=state, source=[R.REQUESTED, R.ACCEPTED, R.EXPIRED], target=R.DECLINED,
                permission=body_member, conditions=[dossier_under_review])  # fmt: skip
    def decline(self, now, user):
        """The body declines to review (conflict of interest, out of its remit)."""

    @transition(field=state, source=[R.REQUESTED, R.ACCEPTED], target=R.EXPIRED)
    def expire(self, now):
        """The deadline passed without an opinion: flagged, reminded, still open to submission."""
