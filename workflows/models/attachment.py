"""Files attached to a dossier: the applicant's documents and the decision letter."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.dossier import Dossier


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    DECISION_LETTER = "decision_letter", _("Decision letter")


def attachment_path(instance, filename):
    """A random name, unrelated to the upload's name or date: the file is private to the dossier.

    No extension either, so nothing but the permission-checked view gives it a content type.
    Expert reviews' files are stored the same way.
    """
    return f"dossiers/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file whose type was checked by its content, not its name, when it was uploaded."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.DOCUMENT
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="dossier_attachments",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["dossier", "uploaded_at"], name="attachment_dossier")]

    def __str__(self):
        return self.name


class EnclosedFile(models.Model):
    """A file enclosed with a private note, a message or a correction request (exactly one).

    Checked by content as the applicant's documents are, stored under a random name and served
    only by the permission-checked view: a note's files to those who may read the note, the
    others to whoever sees the dossier.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="enclosed_files"
    )
    note = models.ForeignKey(
        "workflows.DossierNote", verbose_name=_("private note"), on_delete=models.CASCADE,
        related_name="files", null=True, blank=True,
    )  # fmt: skip
    message = models.ForeignKey(
        "workflows.Message", verbose_name=_("message"), on_delete=models.CASCADE,
        related_name="files", null=True, blank=True,
    )  # fmt: skip
    correction = models.ForeignKey(
        "workflows.CorrectionRequest", verbose_name=_("correction request"),
        on_delete=models.CASCADE, related_name="files", null=True, blank=True,
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("enclosed file")
        verbose_name_plural = _("enclosed files")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(note__isnull=False, message__isnull=True, correction__isnull=True)
                    | models.Q(note__isnull=True, message__isnull=False, correction__isnull=True)
                    | models.Q(note__isnull=True, message__isnull=True, correction__isnull=False)
                ),
                name="enclosed_file_one_parent",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_private(self):
        """A private note's file: never the applicant's to see."""
        return self.note_id is not None

    @classmethod
    def enclose(cls, checked, *, dossier, uploaded_by, **parent):
        """Store the files ``uploads.check_files`` accepted, with their ``note``, ``message`` or
        ``correction``."""
        from governance import uploads

        return [
            cls.objects.create(
                dossier=dossier,
                file=upload,
                name=uploads.safe_name(upload.name),
                content_type=content_type,
                size=upload.size,
                uploaded_by=uploaded_by,
                **parent,
            )
            for upload, content_type in checked
        ]
