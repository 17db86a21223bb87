"""Milestones: the planned date is a baseline frozen at publication; lateness is computed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.models import Milestone
from tests.governance.factories import MilestoneFactory, published_update

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def test_planned_date_may_change_before_publication():
    milestone = MilestoneFactory(planned_date=datetime.date(2027, 1, 1))
    milestone.planned_date = datetime.date(2027, 3, 1)
    milestone.save()
    milestone.refresh_from_db()
    assert milestone.planned_date == datetime.date(2027, 3, 1)


def test_planned_date_is_frozen_once_published_and_forecast_moves_instead():
    milestone = MilestoneFactory(planned_date=datetime.date(2027, 1, 1))
    published_update()
    milestone.refresh_from_db()
    milestone.planned_date = datetime.date(2027, 6, 1)
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "planned_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        milestone.save()
    milestone.refresh_from_db()
    milestone.forecast_date = datetime.date(2027, 6, 1)
    milestone.save()
    milestone.refresh_from_db()
    assert milestone.planned_date == datetime.date(2027, 1, 1)
    assert milestone.slip_days == 151


@pytest.mark.parametrize(
    ("planned", "forecast", "actual", "late"),
    [
        (datetime.date(2026, 1, 1), None, None, True),
        (datetime.date(2026, 1, 1), None, datetime.date(2026, 2, 1), False),
        (datetime.date(2026, 1, 1), datetime.date(2026, 9, 1), None, False),
        (datetime.date(2025, 1, 1), datetime.date(2026, 3, 1), None, True),
        (datetime.date(2026, 12, 1), None, None, False),
    ],
)
def test_late_means_expected_date_passed_and_not_reached(planned, forecast, actual, late):
    milestone = MilestoneFactory(planned_date=planned, forecast_date=forecast, actual_date=actual)
    assert milestone.is_late(TODAY) is late
    assert Milestone.objects.late(TODAY).filter(pk=milestone.pk).exists() is late
