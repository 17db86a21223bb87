"""The innovation dossier (dossier d'innovation) and its state machine.

Transitions are declared here with django-fsm; call them only through
``workflows.services.perform``, which locks the row, checks who may act, logs and notifies.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from governance.models import Recommendation, Region, RegionalHub
from workflows import access
from workflows.models.organisation import Organisation
from workflows.models.pathway import ClockedStage, Pathway


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    HUB_REVIEW = "hub_review", _("Regional hub review")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECOMMENDATIONS_ISSUED = "recommendations_issued", _("Recommendations issued")
    CLOSED = "closed", _("Closed without follow-up")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = DossierState
FINAL_STATES = (S.APPROVED, S.REJECTED, S.RECOMMENDATIONS_ISSUED, S.CLOSED, S.WITHDRAWN)
NON_FINAL_STATES = tuple(state for state in S if state not in FINAL_STATES)
CLOCKED_STATES = tuple(ClockedStage.values)
EDITABLE_STATES = (S.DRAFT, S.CORRECTION_REQUESTED)
# Where a correction may send the dossier back: the stage that asked, or the decision when the
# correction lifts a suspensive reservation.
RETURN_STATES = (S.HUB_REVIEW, S.EXPERT_REVIEW, S.AWAITING_DECISION)


class RegulatoryStatus(models.TextChoices):
    NOT_A_MEDICAL_DEVICE = "not_medical_device", _("Not a medical device")
    CE_PENDING = "ce_pending", _("CE marking in progress")
    CE_CLASS_I = "ce_class_i", _("CE marked, class I")
    CE_CLASS_IIA = "ce_class_iia", _("CE marked, class IIa")
    CE_CLASS_IIB = "ce_class_iib", _("CE marked, class IIb")
    CE_CLASS_III = "ce_class_iii", _("CE marked, class III")


class ProductKind(models.TextChoices):
    """What PECAN's follow-up depends on: its common-law filing is due sooner for DTx."""

    DIGITAL_THERAPEUTIC = "digital_therapeutic", _("Digital therapeutic")
    TELEMONITORING = "telemonitoring", _("Telemonitoring")
    OTHER = "other", _("Other digital service")


# Fields an applicant must fill before submitting (checked by the submit guard).
REQUIRED_TO_SUBMIT = (
    "title",
    "summary",
    "product_description",
    "target_users",
    "evidence",
    "regulatory_status",
    "pathway",
    "region",
    "organisation",
)


def is_complete(dossier):
    """Guard of ``submit``: every required field is filled."""
    return not dossier.missing_fields()


is_complete.input_guard = True


def is_routed(dossier):
    """Guard of the hub's transitions: the dossier has been routed to a hub."""
    return dossier.hub_id is not None


def has_return_stage(dossier):
    """Guard of ``resubmit``: the stage that asked for the correction is known."""
    return dossier.correction_return_state in RETURN_STATES


def ends_in_decision(dossier):
    """Guard of ``hand_off``: only procedures that end in a decision have decision-makers."""
    from workflows.procedures import procedure_of

    return procedure_of(dossier).has_decision


def may_request_correction(dossier, user):
    """The hub asks while in hub review, a reviewing body while it reviews."""
    codename = access.ACT_AS_EXPERT if dossier.state == S.EXPERT_REVIEW else access.ACT_AS_HUB
    return codename in access.perms_for(user, dossier)


applicant = access.holds(access.ACT_AS_APPLICANT)
hub_staff = access.holds(access.ACT_AS_HUB)
decision_maker = access.holds(access.ACT_AS_DECISION_MAKER)


def nobody(dossier, user):
    """Internal transitions: the service applies them, no one asks for them."""
    return False


class DossierQuerySet(models.QuerySet):
    def overdue(self, now=None):
        """Dossiers whose running stage clock has passed its deadline."""
        return self.filter(
            state__in=CLOCKED_STATES,
            clock_paused_at__isnull=True,
            stage_due_at__lt=now or timezone.now(),
        )

    def open(self):
        return self.filter(state__in=NON_FINAL_STATES)


class Dossier(ConcurrentTransitionMixin, models.Model):
    """An innovation dossier filed by an entrepreneur, from draft to decision."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    product_description = models.TextField(_("product description"), blank=True)
    target_users = models.TextField(_("target users"), blank=True)
    evidence = models.TextField(
        _("evidence so far"), blank=True, help_text=_("Studies, pilots, publications.")
    )
    regulatory_status = models.CharField(
        _("regulatory status"), max_length=30, choices=RegulatoryStatus.choices, blank=True
    )
    pathway = models.CharField(_("pathway"), max_length=30, choices=Pathway.choices)
    product_kind = models.CharField(
        _("kind of product"),
        max_length=30,
        choices=ProductKind.choices,
        blank=True,
        help_text=_("For PECAN: the common-law filing is due 6 months after approval for a "
                    "digital therapeutic, 9 months for telemonitoring."),
    )  # fmt: skip
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="dossiers"
    )
    hub = models.ForeignKey(
        RegionalHub,
        verbose_name=_("routed hub"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
        editable=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_dossiers",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        related_name="assigned_dossiers",
        null=True,
        blank=True,
        editable=False,
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        verbose_name=_("linked recommendations"),
        related_name="dossiers",
        blank=True,
    )
    state = FSMField(_("state"), max_length=30, choices=S.choices, default=S.DRAFT, protected=True)
    correction_return_state = models.CharField(
        _("stage that asked for a correction"), max_length=30, blank=True, editable=False
    )
    review_round = models.PositiveSmallIntegerField(
        _("round of expert review"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    stage_started_at = models.DateTimeField(
        _("stage started"), null=True, blank=True, editable=False
    )
    stage_due_at = models.DateTimeField(_("stage deadline"), null=True, blank=True, editable=False)
    clock_paused_at = models.DateTimeField(
        _("clock paused since"), null=True, blank=True, editable=False
    )
    reminder_sent_at = models.DateTimeField(
        _("last reminder"), null=True, blank=True, editable=False
    )
    deadline_alerted_on = models.DateField(
        _("last deadline alert"), null=True, blank=True, editable=False
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("innovation dossier")
        verbose_name_plural = _("innovation dossiers")
        indexes = [
            models.Index(fields=["state", "stage_due_at"], name="dossier_state_due"),
            models.Index(fields=["region", "state"], name="dossier_region_state"),
            models.Index(fields=["pathway", "state"], name="dossier_pathway_state"),
            models.Index(fields=["-created_at", "-id"], name="dossier_created"),
            # The queues sorted by deadline walk this index (``selectors.queue_for``).
            models.Index(fields=["stage_due_at", "-id"], name="dossier_due"),
            # The overdue tab: running clocks only, in deadline order.
            models.Index(
                fields=["stage_due_at", "-id"],
                condition=models.Q(state__in=CLOCKED_STATES, clock_paused_at__isnull=True),
                name="dossier_running_clock",
            ),
        ]
        permissions = [
            ("act_as_applicant", _("Edit, submit, answer and withdraw the dossier")),
            ("act_as_hub", _("Review the dossier as its regional hub")),
            ("act_as_expert", _("Review the dossier as an expert body (HAS, ANS, ARS)")),
            ("act_as_decision_maker", _("Decide on the dossier")),
        ]

    def __str__(self):
        return f"{self.reference or _('(new)')} · {self.title}"

    def save(self, *args, **kwargs):
        """Insert, then derive the reference from the primary key: unique without a sequence."""
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"DOS-{self.created_at.year}-{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("workflows:dossier", args=[self.pk])

    # What the applicant still has to fill -------------------------------------------------

    def missing_fields(self):
        missing = []
        for name in REQUIRED_TO_SUBMIT:
            field = self._meta.get_field(name)
            value = getattr(self, field.attname)
            if value in (None, "") or (isinstance(value, str) and not value.strip()):
                missing.append(name)
        return missing

    @property
    def is_final(self):
        return self.state in FINAL_STATES

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    # The stage clock ----------------------------------------------------------------------

    def start_stage_clock(self, now, days):
        """A fresh deadline of ``days`` for the stage just entered (none outside clocked stages)."""
        if self.state in CLOCKED_STATES:
            self.stage_started_at = now
            self.stage_due_at = now + timedelta(days=days)
        else:
            self.stage_started_at = self.stage_due_at = None
        self.clock_paused_at = None

    def pause_stage_clock(self, now):
        self.clock_paused_at = now

    def stop_stage_clock(self, now):
        """No deadline runs until the next stage (the applicant lifts a suspensive reservation)."""
        self.stage_started_at = self.stage_due_at = None
        self.clock_paused_at = now

    def resume_stage_clock(self, now):
        """Push the deadline back by the time the correction took."""
        if self.clock_paused_at and self.stage_due_at:
            self.stage_due_at += now - self.clock_paused_at
        self.clock_paused_at = None

    def is_overdue(self, now=None):
        return (
            self.state in CLOCKED_STATES
            and self.clock_paused_at is None
            and self.stage_due_at is not None
            and self.stage_due_at < (now or timezone.now())
        )

    def days_left(self, now=None):
        if self.stage_due_at is None:
            return None
        reference = self.clock_paused_at or now or timezone.now()
        return (self.stage_due_at - reference).days

    # Transitions (table in DESIGN.md) -------------------------------------------------------

    @transition(
        field=state, source=S.DRAFT, target=S.SUBMITTED, permission=applicant,
        conditions=[is_complete],
    )  # fmt: skip
    def submit(self, now):
        """Route to the hub of the dossier's region."""
        self.hub = RegionalHub.objects.select_related("group", "region").get(region=self.region)
        self.submitted_at = now

    @transition(
        field=state, source=S.SUBMITTED, target=S.HUB_REVIEW, permission=hub_staff,
        conditions=[is_routed],
    )  # fmt: skip
    def take_charge(self, now):
        """The hub starts its review (prise en charge)."""

    @transition(
        field=state, source=[S.HUB_REVIEW, S.EXPERT_REVIEW], target=S.CORRECTION_REQUESTED,
        permission=may_request_correction,
    )  # fmt: skip
    def request_correction(self, now):
        """Ask the applicant to correct the dossier; the stage clock stops meanwhile."""
        self.correction_return_state = self.state

    @transition(
        field=state, source=S.CORRECTION_REQUESTED,
        target=RETURN_VALUE(*RETURN_STATES), permission=applicant,
        conditions=[has_return_stage, is_complete],
    )  # fmt: skip
    def resubmit(self, now):
        """Back to the stage that asked for the correction."""
        target = self.correction_return_state
        self.correction_return_state = ""
        return target

    @transition(
        field=state, source=S.HUB_REVIEW, target=S.EXPERT_REVIEW, permission=hub_staff,
        conditions=[is_routed],
    )  # fmt: skip
    def refer_for_review(self, now):
        """The hub qualifies the dossier and opens the expert reviews its procedure asks for."""
        self.review_round += 1

    @transition(
        field=state, source=S.EXPERT_REVIEW,
        target=RETURN_VALUE(S.AWAITING_DECISION, S.RECOMMENDATIONS_ISSUED, S.CORRECTION_REQUESTED),
        permission=nobody,
    )  # fmt: skip
    def conclude_reviews(self, now, to):
        """The last review of the round is settled: on to the procedure's next stage, or back
        to the applicant when an opinion carries a suspensive reservation."""
        if to == S.CORRECTION_REQUESTED:
            self.correction_return_state = S.AWAITING_DECISION
        return to

    @transition(
        field=state, source=S.HUB_REVIEW, target=S.AWAITING_DECISION, permission=hub_staff,
        conditions=[is_routed, ends_in_decision],
    )  # fmt: skip
    def hand_off(self, now):
        """The hub sends the dossier straight to the decision-makers (no expert review needed)."""

    @transition(
        field=state, source=S.AWAITING_DECISION, target=S.APPROVED, permission=decision_maker
    )
    def approve(self, now):
        """Favourable decision, with its motivation."""

    @transition(
        field=state, source=S.AWAITING_DECISION, target=S.REJECTED, permission=decision_maker
    )
    def reject(self, now):
        """Unfavourable decision, with its motivation."""

    @transition(
        field=state, source=S.AWAITING_DECISION,
        target=RETURN_VALUE(S.HUB_REVIEW, S.EXPERT_REVIEW), permission=decision_maker,
    )  # fmt: skip
    def return_for_review(self, now, to):
        """The decision-maker sends the dossier back to the hub, or to a new round of reviews."""
        if to == S.EXPERT_REVIEW:
            self.review_round += 1
        return to

    @transition(
        field=state, source=[S.SUBMITTED, S.HUB_REVIEW], target=S.CLOSED, permission=hub_staff,
        conditions=[is_routed],
    )  # fmt: skip
    def close(self, now):
        """Not eligible, or no follow-up (classement sans suite)."""

    @transition(
        field=state, source=list(NON_FINAL_STATES), target=S.WITHDRAWN, permission=applicant
    )
    def withdraw(self, now):
        """The applicant withdraws the dossier."""
