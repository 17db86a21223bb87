"""A consultation's status follows its dates on [opens_at, closes_at): no manual switch."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from cms.models import ConsultationPage, ConsultationStatus
from tests.cms.factories import consultation

pytestmark = pytest.mark.django_db

OPENS = timezone.now().replace(microsecond=0) + timedelta(days=1)
CLOSES = OPENS + timedelta(days=30)
SECOND = timedelta(seconds=1)

BOUNDARIES = [
    (OPENS - SECOND, ConsultationStatus.UPCOMING),
    (OPENS, ConsultationStatus.OPEN),
    (OPENS + SECOND, ConsultationStatus.OPEN),
    (CLOSES - SECOND, ConsultationStatus.OPEN),
    (CLOSES, ConsultationStatus.CLOSED),
    (CLOSES + SECOND, ConsultationStatus.CLOSED),
]
IDS = [
    "second-before-opening",
    "at-opening",
    "after-opening",
    "second-before-closing",
    "at-closing",
    "after-closing",
]


@pytest.mark.parametrize(("now", "expected"), BOUNDARIES, ids=IDS)
def test_status_at_the_boundaries(now, expected):
    page = ConsultationPage(opens_at=OPENS, closes_at=CLOSES)
    assert page.status_at(now) == expected


@pytest.mark.parametrize(("now", "expected"), BOUNDARIES, ids=IDS)
def test_sql_filter_agrees_with_the_status_at_the_boundaries(now, expected):
    page = consultation(opens_at=OPENS, closes_at=CLOSES)
    for status in ConsultationStatus:
        found = ConsultationPage.objects.with_status(status, now=now).filter(pk=page.pk).exists()
        assert found == (status == expected), status


@pytest.mark.parametrize(("now", "expected"), BOUNDARIES, ids=IDS)
def test_page_shows_the_status_of_the_moment(client, monkeypatch, now, expected):
    page = consultation(opens_at=OPENS, closes_at=CLOSES)
    monkeypatch.setattr(timezone, "now", lambda: now)
    html = client.get(page.url).content.decode()
    assert f">{expected.label}</p>" in html


def test_closing_must_follow_opening():
    page = ConsultationPage(title="x", intro="x", opens_at=OPENS, closes_at=OPENS)
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert "closes_at" in raised.value.message_dict


def test_database_refuses_a_closing_before_opening():
    page = consultation()
    with pytest.raises(IntegrityError):
        ConsultationPage.objects.filter(pk=page.pk).update(closes_at=page.opens_at - SECOND)


def test_cached_page_expires_at_the_next_opening_or_closing(client):
    page = consultation("open")
    response = client.get(page.url)
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= (page.closes_at - timezone.now()).total_seconds() + 1
