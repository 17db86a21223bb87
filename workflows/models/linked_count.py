from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Recommendation


class LinkedDossierCount(models.Model):
    """How many filed dossiers (any state but draft) link a recommendation, as last counted
    (``workflows.linked_counts``): the barometer reads it instead of counting its links."""

    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    dossiers = models.PositiveIntegerField(_("filed dossiers"), default=0)
    counted_at = models.DateTimeField(_("counted at"), default=timezone.now)

    class Meta:
        verbose_name = _("linked dossier count")
        verbose_name_plural = _("linked dossier counts")

    def __str__(self):
        return f"{self.recommendation_id}: {self.dossiers}"
