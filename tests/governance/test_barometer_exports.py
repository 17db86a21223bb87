"""Open data exports of the barometer: CSV and JSON, one row per recommendation, licensed."""

import csv
import io

import pytest

from governance.views.barometer import EXPORT_COLUMNS
from tests.governance.factories import MilestoneFactory, ProgressUpdateFactory, published_update

pytestmark = pytest.mark.django_db

COLUMNS = [name for name, _doc in EXPORT_COLUMNS]


def _csv_rows(client):
    response = client.get("/avancement/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Licence Ouverte 2.0" in response["X-Licence"]
    reader = csv.reader(io.StringIO(response.content.decode("utf-8")))
    return list(reader)


def test_csv_has_a_header_and_18_rows(client):
    rows = _csv_rows(client)
    assert rows[0] == COLUMNS
    assert len(rows) == 19


def test_csv_columns_hold_stable_ids_published_state_and_licence(client):
    MilestoneFactory()
    published_update(progress=45, rag="amber", rag_reason="Retard de publication")
    ProgressUpdateFactory(progress=90)
    rows = [dict(zip(_csv_rows(client)[0], row, strict=True)) for row in _csv_rows(client)[1:]]
    row = next(row for row in rows if row["number"] == "10")
    assert row["id"] == "cnnum-2020-r10"
    assert (row["status"], row["progress"], row["rag"]) == ("in_progress", "45", "amber")
    assert row["rag_reason"] == "Retard de publication"
    assert row["last_published_at"]
    assert row["milestones_total"] == "1"
    assert row["url"].endswith("/recommandations/10/")
    assert row["licence"] == "Licence Ouverte 2.0"
    assert all(len(r["exported_at"]) == 10 for r in rows)
    assert [r["id"] for r in rows] == [f"cnnum-2020-r{n:02d}" for n in range(1, 19)]


def test_json_lists_18_with_licence_and_documented_columns(client):
    response = client.get("/avancement/export.json")
    assert response.status_code == 200
    body = response.json()
    assert body["licence"] == "Licence Ouverte 2.0"
    assert body["generated_at"]
    assert [column["name"] for column in body["columns"]] == COLUMNS
    assert all(column["description"] for column in body["columns"])
    assert len(body["recommendations"]) == 18
    assert list(body["recommendations"][0]) == COLUMNS


def test_barometer_documents_every_export_column(client):
    page = client.get("/avancement/").content.decode()
    for name in COLUMNS:
        assert f"<code>{name}</code>" in page
    assert "Licence Ouverte 2.0" in page


@pytest.mark.parametrize("path", ["/avancement/export.csv", "/avancement/export.json"])
def test_exports_query_count_is_constant(client, django_assert_max_num_queries, path):
    for _ in range(20):
        MilestoneFactory()
    with django_assert_max_num_queries(4):
        assert client.get(path).status_code == 200
