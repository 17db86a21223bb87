"""The reviewers' workbench records: private notes and frozen versions of a dossier.

Notes are the reviewers' own (annotations privées): the applicant never sees them. A version
is what the applicant filed at a submission or resubmission, frozen so a correction never
overwrites what was first filed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.dossier import Dossier

NOTE_MAX_LENGTH = 5000


class DossierNote(models.Model):
    """A reviewer's private note on a dossier; never shown to the applicant."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="dossier_notes",
    )
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        indexes = [models.Index(fields=["dossier", "created_at"], name="note_dossier_created")]

    def __str__(self):
        return f"{self.dossier_id} · {self.created_at:%Y-%m-%d}"


class DossierVersion(models.Model):
    """The dossier's fields and file list as filed at one submission or resubmission."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted"))
    fields = models.JSONField(_("fields"), default=dict)
    files = models.JSONField(_("files"), default=list)

    class Meta:
        ordering = ["number"]
        verbose_name = _("dossier version")
        verbose_name_plural = _("dossier versions")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="version_number_unique")
        ]

    def __str__(self):
        return f"{self.dossier_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A frozen version cannot change."))
        super().save(*args, **kwargs)
