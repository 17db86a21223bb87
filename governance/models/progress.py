"""How each recommendation is being implemented: milestones, indicators and progress updates.

Ministry staff draft progress updates; another ministry user publishes them (four eyes). Only
published updates change what the public sees, and a published update is never changed again.
"""

import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from governance import uploads
from governance.errors import InvalidInput
from governance.history import ChainedRecord
from governance.models.report import RAG, Recommendation, RecommendationStatus

EVIDENCE_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "png", "jpg", "jpeg"]
EVIDENCE_DESCRIPTION = _(
    "PDF, PNG or JPEG images, documents and spreadsheets (docx, xlsx, odt, ods), CSV tables; "
    "10 MB at most."
)


def validate_evidence_content(value):
    """A newly uploaded evidence file is what its name says, read from its content
    (``governance.uploads``); a stored one was checked when it came."""
    if getattr(value, "_committed", True):
        return
    upload = getattr(value, "file", value)
    try:
        if posixpath.splitext(value.name or "")[1].lower() == ".csv":
            uploads.check_csv(upload)
        else:
            uploads.check(upload, accepted=EVIDENCE_DESCRIPTION)
    except InvalidInput as error:
        raise ValidationError(error.errors.get("file", [error.message])) from error


def evidence_path(instance, filename):
    """A folder of its own with a random name: a draft's file cannot be guessed from its name.

    The file keeps its name inside it, which the download offers once the update is published.
    """
    return f"progress/evidence/{uuid.uuid4().hex}/{posixpath.basename(filename)}"


class MilestoneQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published_at__isnull=False)

    def late(self, today=None):
        """Not reached, and the date it is expected by (forecast, else planned) has passed."""
        today = today or timezone.localdate()
        return self.filter(actual_date__isnull=True).filter(
            models.Q(forecast_date__lt=today)
            | models.Q(forecast_date__isnull=True, planned_date__lt=today)
        )


class Milestone(models.Model):
    """A dated step of a recommendation (jalon), measured against a frozen baseline.

    The planned date is the baseline: once the milestone has been published it never changes;
    a slip moves the forecast date instead, so the public sees planned against actual.
    """

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    planned_date = models.DateField(
        _("planned date"),
        db_index=True,
        help_text=_("The baseline: frozen once the milestone is published."),
    )
    forecast_date = models.DateField(
        _("forecast date"),
        null=True,
        blank=True,
        help_text=_("When the milestone is now expected, if it has moved."),
    )
    actual_date = models.DateField(_("actual date"), null=True, blank=True, db_index=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set with the next published progress update of the recommendation."),
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation__number", "planned_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"R{self.recommendation.number} · {self.title}"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def expected_date(self):
        return self.forecast_date or self.planned_date

    def is_late(self, today=None):
        today = today or timezone.localdate()
        return self.actual_date is None and self.expected_date < today

    @property
    def slip_days(self):
        """Days between the baseline and the actual (or forecast) date; positive means later."""
        reference = self.actual_date or self.forecast_date
        return (reference - self.planned_date).days if reference else 0

    def _stored_planned_date(self):
        if self.pk is None:
            return None
        stored = type(self).objects.filter(pk=self.pk, published_at__isnull=False)
        return stored.values_list("planned_date", flat=True).first()

    def clean(self):
        stored = self._stored_planned_date()
        if stored is not None and stored != self.planned_date:
            raise ValidationError(
                {
                    "planned_date": _(
                        "The planned date is frozen since the milestone was published; "
                        "set a forecast date instead."
                    )
                }
            )


class Indicator(ClusterableModel):
    """A measure of a recommendation's effect, with a baseline, a target and measured values."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: %, people, apps."))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["recommendation__number", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"R{self.recommendation.number} · {self.name}"


class IndicatorValue(models.Model):
    """One measurement of an indicator at a date."""

    indicator = ParentalKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="indicator_value_one_per_date"
            )
        ]

    def __str__(self):
        return f"{self.date}: {self.value}"


def published_forever():
    return ValidationError(_("Published progress updates are kept forever."), code="published")


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def delete(self):
        # Lock the rows first: a publication running now either commits before the check
        # (and the delete is refused) or waits until the drafts are gone.
        with transaction.atomic():
            locked = self.select_for_update(of=("self",))
            states = list(locked.values_list("published_at", flat=True))
            if any(published_at is not None for published_at in states):
                raise published_forever()
            return super().delete()


# What the author writes; editing any of them makes a new version of the draft.
DRAFT_FIELDS = (
    "recommendation",
    "status",
    "progress",
    "rag",
    "rag_reason",
    "comment",
    "evidence_url",
    "evidence_file",
)


def progress_update_content(update):
    """Every field of a published update that makes the public record (see ``ChainedRecord``)."""
    return {
        "recommendation": update.recommendation_id,
        "version": update.version,
        "status": update.status,
        "progress": update.progress,
        "rag": update.rag,
        "rag_reason": update.rag_reason,
        "comment": update.comment,
        "evidence_url": update.evidence_url,
        "evidence_file": getattr(update.evidence_file, "name", "") or "",
        "author": update.author_id,
        "created_at": update.created_at,
        "published_at": update.published_at,
        "published_by": update.published_by_id,
        "previous_status": update.previous_status,
        "previous_progress": update.previous_progress,
        "previous_rag": update.previous_rag,
    }


class ProgressUpdate(ChainedRecord):
    """A statement of where a recommendation stands (point d'avancement).

    Drafted by one ministry user, published by another; publishing copies its status, progress
    and rating onto the recommendation and records what changed. Each edit of a draft makes a
    new ``version``, and the publisher publishes the version they checked. Once published it is
    part of the public history: it cannot be edited or deleted, and its keyed digest chains it
    to the previous published update of the same recommendation, so any later tampering shows.
    """

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    status = models.CharField(_("status"), max_length=30, choices=RecommendationStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    rag = models.CharField(_("red/amber/green"), max_length=10, choices=RAG.choices)
    rag_reason = models.TextField(_("reason for the red/amber/green rating"), blank=True)
    comment = models.TextField(_("comment"))
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    evidence_file = models.FileField(
        _("evidence (file)"),
        upload_to=evidence_path,
        max_length=255,
        blank=True,
        help_text=EVIDENCE_DESCRIPTION,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence_content],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_progress_updates",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, editable=False, db_index=True
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="published_progress_updates",
        null=True,
        blank=True,
        editable=False,
    )
    previous_status = models.CharField(
        _("previous status"),
        max_length=30,
        choices=RecommendationStatus.choices,
        blank=True,
        editable=False,
    )
    previous_progress = models.PositiveSmallIntegerField(
        _("previous progress (%)"), null=True, blank=True, editable=False
    )
    previous_rag = models.CharField(
        _("previous red/amber/green"),
        max_length=10,
        choices=RAG.choices,
        blank=True,
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProgressUpdateQuerySet.as_manager()
    chain_label = "progress updates"

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["recommendation", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="progress_update_progress_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True, published_by__isnull=True)
                | models.Q(published_at__isnull=False, published_by__isnull=False),
                name="progress_update_published_with_publisher",
            ),
            # Four eyes, in the database too: nobody publishes their own update.
            models.CheckConstraint(
                condition=models.Q(published_by__isnull=True)
                | ~models.Q(published_by=models.F("author")),
                name="progress_update_four_eyes",
            ),
        ]

    def __str__(self):
        return _("Update of recommendation %(number)s (%(status)s, %(progress)s%%)") % {
            "number": self.recommendation.number,
            "status": self.get_status_display(),
            "progress": self.progress,
        }

    def save(self, *args, **kwargs):
        """Refuse to touch a published update; lock a draft's row and count its versions.

        The check and the write happen under the row lock, so an edit racing a publication
        either lands before it (and the publisher, who checked the older version, is told) or
        finds the update published and is refused: it can never turn it back into a draft.
        """
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            stored = (
                type(self)
                .objects.select_for_update()
                .filter(pk=self.pk)
                .values("published_at", "version")
                .first()
            )
            if stored is None:
                raise type(self).DoesNotExist(_("This progress update no longer exists."))
            if stored["published_at"] is not None:
                raise published_forever()
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) & set(DRAFT_FIELDS):
                self.version = stored["version"] + 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "version"}
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            stored = type(self).objects.select_for_update().filter(pk=self.pk)
            published_at = stored.values_list("published_at", flat=True)
            if not published_at:
                raise type(self).DoesNotExist(_("This progress update no longer exists."))
            if published_at[0] is not None:
                raise published_forever()
            return super().delete(*args, **kwargs)

    # The chain: one per recommendation, in publication order.

    def chain_scope(self):
        return {"recommendation_id": self.recommendation_id}

    def chain_content(self):
        return progress_update_content(self)

    def previous_in_chain(self):
        return (
            type(self)
            .objects.published()
            .filter(recommendation_id=self.recommendation_id)
            .exclude(pk=self.pk)
            .order_by("-published_at", "-pk")
            .values_list("digest", flat=True)
            .first()
            or ""
        )

    @classmethod
    def chain_partitions(cls):
        return [cls.objects.published().order_by("recommendation_id", "published_at", "pk")]

    @classmethod
    def chain_orphans(cls):
        """Un-publishing an update in the database leaves its seal behind: that shows."""
        return cls.objects.drafts().exclude(digest="", digest_key="")

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def changes(self):
        """What publishing this update changed, as (field label, before, after) for the public."""
        if not self.is_published:
            return []
        changed = []
        if self.previous_status != self.status:
            changed.append(
                (
                    _("status"),
                    RecommendationStatus(self.previous_status).label
                    if self.previous_status
                    else "",
                    self.get_status_display(),
                )
            )
        if self.previous_progress != self.progress:
            changed.append((_("progress"), f"{self.previous_progress} %", f"{self.progress} %"))
        if self.previous_rag != self.rag:
            changed.append(
                (
                    _("red/amber/green"),
                    RAG(self.previous_rag).label if self.previous_rag else "",
                    self.get_rag_display(),
                )
            )
        return changed
