from django.db import models
from django.utils.translation import gettext_lazy as _

# Stable identifier prefix of the recommendations in the open data exports.
OPEN_DATA_ID_PREFIX = "cnnum-2020-r"


class Axis(models.Model):
    """One of the report's four axes, grouping its recommendations."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    def __str__(self):
        return f"{self.number}. {self.title}"


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    ABANDONED = "abandoned", _("Abandoned")


class RAG(models.TextChoices):
    """Red/amber/green: the ministry's judgement of whether delivery is on track."""

    GREEN = "green", _("On track")
    AMBER = "amber", _("At risk")
    RED = "red", _("Off track")


class Recommendation(models.Model):
    """One of the report's 18 recommendations, with its current public implementation state.

    ``status`` and ``progress`` are what the public sees; they change only when a progress
    update is published (four-eyes), never by direct editing. Titles and summaries are
    editorial content that editors may correct.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    axis = models.ForeignKey(
        Axis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="recommendations"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.NOT_STARTED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rag = models.CharField(
        _("red/amber/green"), max_length=10, choices=RAG.choices, blank=True, db_index=True
    )
    rag_reason = models.TextField(_("reason for the red/amber/green rating"), blank=True)
    last_published_at = models.DateTimeField(
        _("last published update"), null=True, blank=True, editable=False, db_index=True
    )
    reminder_sent_at = models.DateTimeField(
        _("last stale reminder sent"), null=True, blank=True, editable=False
    )
    lead_institutions = models.ManyToManyField(
        "governance.Institution",
        verbose_name=_("lead institutions"),
        related_name="led_recommendations",
        blank=True,
    )
    contributing_institutions = models.ManyToManyField(
        "governance.Institution",
        verbose_name=_("contributing institutions"),
        related_name="contributed_recommendations",
        blank=True,
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="recommendation_progress_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(rag__in=["", *RAG.values]), name="recommendation_rag_valid"
            ),
        ]

    def __str__(self):
        return _("Recommendation %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        """The permalink the CMS redirects to the recommendation's page."""
        return f"/recommandations/{self.number}/"

    @property
    def open_data_id(self):
        """Identifier that never changes, for re-users joining exports over time."""
        return f"{OPEN_DATA_ID_PREFIX}{self.number:02d}"
