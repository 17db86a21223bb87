"""What the retention schedule leaves on dossiers: the draft's warning, the closed one's archive."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.dossier import Dossier


class DraftDeletionNotice(models.Model):
    """The owner was warned that this untouched draft will be deleted."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="deletion_notice"
    )
    warned_at = models.DateTimeField(_("warned"), default=timezone.now)
    delete_after = models.DateTimeField(_("to be deleted after"))

    def __str__(self):
        return f"{self.dossier_id} → {self.delete_after:%Y-%m-%d}"


class DossierArchive(models.Model):
    """A closed dossier past the legal period: messages and files gone, the record kept."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="archive")
    archived_at = models.DateTimeField(_("archived"), default=timezone.now)

    def __str__(self):
        return f"{self.dossier_id} @ {self.archived_at:%Y-%m-%d}"
