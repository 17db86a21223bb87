"""GET /api/v1/consultations/: shape, status filter, bad input."""

import pytest
from django.utils import timezone

from cms.models import ConsultationPage
from tests.cms.factories import consultation

pytestmark = pytest.mark.django_db


def test_list_answers_paginated_consultations_with_their_status(api_client):
    page = consultation("open", title="Ouverte")
    response = api_client.get("/api/v1/consultations/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (item,) = body["results"]
    assert set(item) == {"id", "title", "status", "opens_at", "closes_at", "url"}
    assert item["id"] == page.pk
    assert item["title"] == "Ouverte"
    assert item["status"] == "open"
    assert item["url"] == page.url
    assert item["opens_at"] == timezone.localtime(page.opens_at).isoformat()


@pytest.mark.parametrize("status", ["upcoming", "open", "closed"])
def test_status_filter(api_client, status):
    for each in ("upcoming", "open", "closed"):
        consultation(each, title=each)
    body = api_client.get(f"/api/v1/consultations/?status={status}").json()
    assert [item["title"] for item in body["results"]] == [status]
    assert body["results"][0]["status"] == status


def test_unknown_status_is_a_400(api_client):
    response = api_client.get("/api/v1/consultations/?status=ajar")
    assert response.status_code == 400
    assert "status" in response.json()


def test_unpublished_consultations_are_not_listed(api_client):
    page = consultation("open")
    page.unpublish()
    assert api_client.get("/api/v1/consultations/").json()["count"] == 0


def test_consultations_are_in_the_openapi_schema(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert "/api/v1/consultations/" in response.json()["paths"]


def test_list_is_read_only(api_client):
    assert api_client.post("/api/v1/consultations/", {}).status_code in (401, 403, 405)
    assert ConsultationPage.objects.count() == 0
