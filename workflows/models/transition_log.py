"""The append-only log of every state change of a dossier (historique)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.history import AppendOnlyChainedRecord
from workflows.models.dossier import Dossier, DossierState


class DossierTransitionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The transition log is append-only."))

    def delete(self):
        raise ValidationError(_("The transition log is append-only."))


def transition_content(row):
    """The fields a log row's digest covers: all of them."""
    return {
        "dossier": row.dossier_id,
        "transition": row.transition,
        "source": row.source,
        "target": row.target,
        "actor": row.actor_id,
        "at": row.at,
        "comment": row.comment,
    }


class DossierTransition(AppendOnlyChainedRecord):
    """One state change: who, when, from where to where, by which transition, and why.

    Rows are only ever inserted: ``save()`` refuses to change an existing row and nothing
    deletes one (the dossier foreign key protects them too). Each dossier's log is one keyed
    hash chain (``governance.history``): its writers are already serialised by the dossier's
    row lock, and the history is read and exported per dossier, so a platform-wide chain would
    only make every transition wait for every other.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="transitions"
    )
    transition = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("from"), max_length=30, choices=DossierState.choices)
    target = models.CharField(_("to"), max_length=30, choices=DossierState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="dossier_transitions",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = DossierTransitionQuerySet.as_manager()
    chain_label = "dossier transitions"

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_transition_at")]

    def __str__(self):
        return f"{self.transition}: {self.source} → {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The transition log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The transition log is append-only."))

    def chain_scope(self):
        return {"dossier_id": self.dossier_id}

    def chain_content(self):
        return transition_content(self)

    @classmethod
    def chain_partitions(cls):
        return [cls.objects.order_by("dossier_id", "pk")]
