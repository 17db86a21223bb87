"""What an approved dossier still owes (obligations de suivi): what is due, and by when."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.dossier import Dossier


class FollowUpKind(models.TextChoices):
    COVER_ENDS = "cover_ends", _("End of the early cover")
    COMMON_LAW_FILING = "common_law_filing", _("Filing for common-law reimbursement")
    STUDY_REPORT = "study_report", _("Follow-up report of the clinical study")


class FollowUpObligationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(fulfilled_at__isnull=True)

    def due_within(self, days, now=None):
        now = now or timezone.now()
        return self.pending().filter(due_at__lte=now + timedelta(days=days))


class FollowUpObligation(models.Model):
    """Created by the decision that approves the dossier, from its procedure's declaration."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("obligation"), max_length=30, choices=FollowUpKind.choices)
    due_at = models.DateTimeField(_("due"))
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    objects = FollowUpObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("follow-up obligation")
        verbose_name_plural = _("follow-up obligations")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="follow_up_one_per_kind")
        ]
        indexes = [models.Index(fields=["due_at"], name="follow_up_due")]

    def __str__(self):
        return f"{self.dossier} · {self.get_kind_display()}"

    def days_left(self, now=None):
        return (self.due_at - (now or timezone.now())).days
