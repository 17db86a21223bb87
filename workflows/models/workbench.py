"""The reviewers' workbench records: private notes and frozen versions of a dossier.

Notes are the reviewers' own (annotations privées): the applicant never sees them. A version
is what the applicant filed at a submission or resubmission, frozen so a correction never
overwrites what was first filed.
"""

import uuid

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


def export_path(instance, filename):
    """A random name: the file is served only by the permission-checked view, to its requester."""
    return f"exports/{uuid.uuid4().hex}"


class QueueExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class QueueExport(models.Model):
    """A large export of a queue view, built in the background for the reviewer who asked."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="queue_exports",
    )
    fmt = models.CharField(_("format"), max_length=4)
    query = models.TextField(_("queue view"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=QueueExportState.choices, default=QueueExportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("queue export")
        verbose_name_plural = _("queue exports")

    def __str__(self):
        return f"{self.requested_by_id} · {self.fmt} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        return (
            100
            if self.state == QueueExportState.DONE
            else (self.rows_done * 100 // self.rows_total if self.rows_total else 0)
        )
