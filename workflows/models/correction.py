"""Correction requests (demandes de correction) and the applicant's answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.dossier import Dossier, DossierState


class CorrectionReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("Incomplete")
    INCORRECT = "incorrect", _("Incorrect")
    OUTDATED = "outdated", _("Outdated")


class CorrectionRequest(models.Model):
    """What a reviewer asked the applicant to correct; at most one is open per dossier."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="corrections"
    )
    stage = models.CharField(_("asked during"), max_length=30, choices=DossierState.choices)
    reason = models.CharField(
        _("reason"),
        max_length=20,
        choices=CorrectionReason.choices,
        default=CorrectionReason.INCOMPLETE,
    )
    comment = models.TextField(_("what to correct"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(answered_at__isnull=True),
                name="correction_one_open_per_dossier",
            )
        ]

    def __str__(self):
        return f"{self.dossier} · {self.get_reason_display()}"

    @property
    def is_open(self):
        return self.answered_at is None
