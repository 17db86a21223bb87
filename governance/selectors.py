"""Read paths of progress tracking: querysets fetched in a constant number of queries."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from governance.models import (
    Axis,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
)
from governance.services import stale_after_days

# Recommendations that need no more updates are never stale.
SETTLED_STATUSES = [RecommendationStatus.IMPLEMENTED, RecommendationStatus.ABANDONED]


def public_recommendations():
    return Recommendation.objects.select_related("axis").order_by("number")


def _public_prefetches(prefix=""):
    return [
        Prefetch(f"{prefix}lead_institutions"),
        Prefetch(f"{prefix}milestones", queryset=Milestone.objects.public()),
        Prefetch(
            f"{prefix}indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
            ),
        ),
    ]


def public_recommendation_detail():
    """Recommendations with what their public detail shows (published updates only)."""
    return public_recommendations().prefetch_related(
        *_public_prefetches(),
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.published().order_by("-published_at", "-pk"),
        ),
    )


def open_data_recommendations():
    """One row per recommendation, with its institutions and milestone counts."""
    today = timezone.localdate()
    late = Q(milestones__published_at__isnull=False, milestones__actual_date__isnull=True) & (
        Q(milestones__forecast_date__lt=today)
        | Q(milestones__forecast_date__isnull=True, milestones__planned_date__lt=today)
    )
    return (
        public_recommendations()
        .prefetch_related("lead_institutions", "contributing_institutions")
        .annotate(
            milestones_total=Count(
                "milestones", filter=Q(milestones__published_at__isnull=False), distinct=True
            ),
            milestones_done=Count(
                "milestones",
                filter=Q(
                    milestones__published_at__isnull=False, milestones__actual_date__isnull=False
                ),
                distinct=True,
            ),
            milestones_late=Count("milestones", filter=late, distinct=True),
        )
    )


def barometer_axes():
    """The four axes with their recommendations and everything the barometer draws."""
    return Axis.objects.order_by("number").prefetch_related(
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.order_by("number").prefetch_related(
                *_public_prefetches()
            ),
        )
    )


def stale_recommendations(now=None):
    """Recommendations still under way without a published update for the configured period."""
    now = now or timezone.now()
    limit = now - timedelta(days=stale_after_days())
    return (
        Recommendation.objects.exclude(status__in=SETTLED_STATUSES)
        .filter(Q(last_published_at__isnull=True) | Q(last_published_at__lt=limit))
        .select_related("axis")
        .prefetch_related("lead_institutions")
        .order_by("number")
    )


def late_milestones():
    return Milestone.objects.late().select_related("recommendation").order_by("planned_date")


def drafts_awaiting_validation():
    return (
        ProgressUpdate.objects.drafts()
        .select_related("recommendation", "author")
        .order_by("created_at")
    )
