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
