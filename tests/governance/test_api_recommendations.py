"""Public recommendation endpoints: fields, filters, published data only, constant queries."""

import datetime

import pytest

from governance.models import ProgressUpdate
from tests.factories import recommendation
from tests.governance.factories import (
    IndicatorValueFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    grow_tracking,
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
    """Published milestones, indicators, values and updates on recommendation 10, in bulk."""
    rec = recommendation(10)
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    grow_tracking(rec, size, values_per_indicator=10)
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
