"""A list counts at most ``COUNT_CAP`` dossiers and says so; its count is remembered until a
dossier or a dossier permission changes."""

import pytest
from rest_framework.test import APIClient

from tests.workflows.factories import Cast, dossier
from tests.workflows.test_query_counts import bulk_dossiers
from workflows import selectors, services
from workflows.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def test_a_crowded_queue_says_more_than_the_cap_and_the_api_flags_it(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 3)
    cast = Cast()
    bulk_dossiers(cast.owner, 30)
    client.force_login(cast.hub)
    page = client.get("/instruction/?onglet=termines")
    assert "plus de 3 dossiers" in page.text
    api = APIClient()
    api.force_authenticate(cast.hub)
    body = api.get("/api/v1/dossiers/").json()
    assert (body["count"], body["count_capped"]) == (3, True)


def test_past_a_capped_count_pages_are_read_from_the_start(monkeypatch):
    """Past the cap the count is not the list's length: reading the last page from the end
    would show the oldest dossiers instead of the capped list's last page."""
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 4)
    cast = Cast()
    bulk_dossiers(cast.owner, 10)
    dossiers = selectors.visible_dossiers(cast.owner).order_by("-created_at", "-pk")
    paginator = CappedPaginator(dossiers, 3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    assert list(paginator.page(2)) == list(dossiers)[3:4]


def test_a_short_list_counts_exactly():
    cast = Cast()
    dossier(cast.owner)
    api = APIClient()
    api.force_authenticate(cast.owner)
    body = api.get("/api/v1/dossiers/").json()
    assert (body["count"], body["count_capped"]) == (1, False)


def test_a_remembered_count_follows_a_dossier_routed_to_the_hub(client):
    cast = Cast()
    first = dossier(cast.owner)
    services.perform(first, "submit", cast.owner)
    client.force_login(cast.hub)
    assert "(1 dossier)" in client.get("/instruction/?onglet=a-traiter").text
    second = dossier(cast.owner)
    services.perform(second, "submit", cast.owner)
    assert "(2 dossiers)" in client.get("/instruction/?onglet=a-traiter").text
