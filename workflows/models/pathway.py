"""The regulatory pathways a dossier may seek, and the stage deadlines each one sets."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Pathway(models.TextChoices):
    HAS_EARLY_DIALOGUE = "has-early-dialogue", _("HAS early dialogue")
    FORFAIT_INNOVATION = "forfait-innovation", _("Forfait innovation")
    PECAN = "pecan", _("PECAN (early reimbursement of digital medical devices)")
    ARTICLE_51 = "article-51", _("Article 51 experiment")
    MON_ESPACE_SANTE = "mon-espace-sante", _("Mon espace santé catalogue listing")


class ClockedStage(models.TextChoices):
    """The states whose time is counted against a deadline (the others wait on nobody)."""

    SUBMITTED = "submitted", _("Admissibility (submitted)")
    HUB_REVIEW = "hub_review", _("Regional hub review")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")


class StageDeadline(models.Model):
    """How many days a stage may last on a pathway (editable; defaults in workflows.procedures).

    The expert-review row is also each review's own deadline.
    """

    pathway = models.CharField(_("pathway"), max_length=30, choices=Pathway.choices)
    stage = models.CharField(_("stage"), max_length=30, choices=ClockedStage.choices)
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )

    class Meta:
        ordering = ["pathway", "stage"]
        verbose_name = _("stage deadline")
        verbose_name_plural = _("stage deadlines")
        constraints = [
            models.UniqueConstraint(fields=["pathway", "stage"], name="stage_deadline_unique"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="stage_deadline_days"),
        ]

    def __str__(self):
        return f"{self.get_pathway_display()} · {self.get_stage_display()}: {self.days}"
