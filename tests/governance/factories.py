"""Factories of the progress tracking models (milestones, indicators, updates)."""

import datetime

import factory

from governance import services
from governance.models import (
    RAG,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    RecommendationStatus,
)
from governance.roles import Role
from tests.factories import UserFactory, recommendation


def ministry_user(**kwargs):
    return UserFactory(roles=[Role.MINISTRY], **kwargs)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    recommendation = factory.LazyFunction(lambda: recommendation(10))
    title = factory.Sequence(lambda n: f"Jalon {n}")
    planned_date = datetime.date(2030, 1, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    recommendation = factory.LazyFunction(lambda: recommendation(10))
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "%"
    baseline_value = 0
    baseline_date = datetime.date(2020, 6, 1)
    target_value = 100
    target_date = datetime.date(2027, 12, 31)
    source = "DNS"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
    value = 10


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """A draft update written by a ministry user."""

    class Meta:
        model = ProgressUpdate

    recommendation = factory.LazyFunction(lambda: recommendation(10))
    status = RecommendationStatus.IN_PROGRESS
    progress = 40
    rag = RAG.GREEN
    comment = "Point d'étape"
    author = factory.LazyFunction(ministry_user)


def published_update(author=None, publisher=None, **kwargs):
    """An update drafted by one ministry user and published by another."""
    update = ProgressUpdateFactory(author=author or ministry_user(), **kwargs)
    return services.publish_update(update, publisher or ministry_user())


def grow_tracking(rec, size, *, values_per_indicator):
    """In bulk: ``size`` published milestones and ``size // 10`` indicators with their values.

    Query-count tests grow a recommendation with this at two sizes.
    """
    published_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    Milestone.objects.bulk_create(
        Milestone(
            recommendation=rec,
            title=f"Jalon {i}",
            planned_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            published_at=published_at,
        )
        for i in range(size)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            recommendation=rec,
            name=f"Indicateur {i}",
            unit="%",
            baseline_value=0,
            baseline_date=datetime.date(2020, 1, 1),
            target_value=100,
            target_date=datetime.date(2030, 1, 1),
        )
        for i in range(max(1, size // 10))
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=30 * i),
            value=i,
        )
        for indicator in indicators
        for i in range(values_per_indicator)
    )
