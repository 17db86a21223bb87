"""Public recommendation endpoints: fields, filters, published data only, constant queries."""

import datetime

import pytest

from governance.models import Indicator, IndicatorValue, Milestone, ProgressUpdate
from tests.factories import recommendation
from tests.governance.factories import (
    IndicatorValueFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ministry_user,
    published_update,
)

pytestmark = pytest.mark.django_db


def test_list_has_the_18_with_the_contract_fields(api_client):
    body = api_client.get("/api/v1/recommendations/").json()
    assert body["count"] == 18
    first = body["results"][0]
    assert {"number", "axis", "title", "status", "progress", "url"} <= first.keys()
    assert first["axis"].keys() == {"number", "title"}
    assert first["url"] == "/recommandations/1/"


def test_list_filters_by_axis(api_client):
    rows = api_client.get("/api/v1/recommendations/?axis=3").json()["results"]
    assert [row["number"] for row in rows] == [10, 11, 12, 13, 14]


def test_bad_axis_filter_gives_400(api_client):
    assert api_client.get("/api/v1/recommendations/?axis=trois").status_code == 400


def test_unknown_recommendation_gives_404(api_client):
    assert api_client.get("/api/v1/recommendations/99/").status_code == 404


def test_detail_shows_published_milestones_indicators_values_and_updates(api_client):
    public_milestone = MilestoneFactory(title="Ouverture du catalogue")
    value = IndicatorValueFactory(value=42)
    published = published_update(progress=50)
    MilestoneFactory(title="Jalon en préparation")
    ProgressUpdateFactory(progress=90)

    body = api_client.get("/api/v1/recommendations/10/").json()
    assert [m["title"] for m in body["milestones"]] == [public_milestone.title]
    assert body["indicators"][0]["values"] == [{"date": str(value.date), "value": "42.00"}]
    assert [u["id"] for u in body["updates"]] == [published.pk]
    assert body["progress"] == 50
    assert body["updates"][0]["digest"] == published.digest


def _grow(size):
    """Published milestones, indicators and values on recommendation 10, in bulk."""
    rec = recommendation(10)
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    Milestone.objects.bulk_create(
        Milestone(
            recommendation=rec,
            title=f"Jalon {i}",
            planned_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            published_at=now,
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
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i),
            value=i,
        )
        for indicator in indicators
        for i in range(10)
    )
    author, publisher = ministry_user(), ministry_user()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            recommendation=rec,
            status="in_progress",
            progress=i % 100,
            rag="green",
            comment="Point",
            author=author,
            published_by=publisher,
            published_at=now + datetime.timedelta(days=i),
        )
        for i in range(size)
    )


@pytest.mark.parametrize("size", [5, 500])
def test_detail_query_count_is_constant(api_client, django_assert_max_num_queries, size):
    _grow(size)
    with django_assert_max_num_queries(7):
        response = api_client.get("/api/v1/recommendations/10/")
    assert response.status_code == 200
    assert len(response.json()["milestones"]) == size


@pytest.mark.parametrize("size", [5, 500])
def test_list_query_count_is_constant(api_client, django_assert_max_num_queries, size):
    _grow(size)
    with django_assert_max_num_queries(3):
        assert api_client.get("/api/v1/recommendations/").status_code == 200


def test_schema_documents_the_progress_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in [
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{number}/",
        "/api/v1/recommendations/{number}/updates/",
        "/api/v1/updates/{id}/publish/",
    ]:
        assert path in schema["paths"]
