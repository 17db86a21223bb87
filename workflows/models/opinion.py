"""The HAS advisory opinion (avis consultatif) on a dossier."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.dossier import Dossier


class OpinionValue(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    FAVOURABLE_WITH_RESERVATIONS = "favourable_with_reservations", _("Favourable with reservations")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


class AdvisoryOpinion(models.Model):
    """One opinion per HAS review; a dossier returned for review may receive another."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="opinions"
    )
    value = models.CharField(_("opinion"), max_length=30, choices=OpinionValue.choices)
    motivation = models.TextField(_("motivation"))
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("HAS adviser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("advisory opinion")
        verbose_name_plural = _("advisory opinions")

    def __str__(self):
        return f"{self.dossier} · {self.get_value_display()}"
