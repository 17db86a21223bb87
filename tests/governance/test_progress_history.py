"""The barometer's public history: every published update of a recommendation, what it
changed, its comment and evidence, the same in historique.csv|json, and an integrity check."""

import csv
import html
import io

import pytest

from governance.models import ProgressUpdate
from governance.progress_history import HISTORY_COLUMNS
from tests.factories import recommendation
from tests.governance.factories import ProgressUpdateFactory, published_update

pytestmark = pytest.mark.django_db

COLUMNS = [name for name, _doc in HISTORY_COLUMNS]


def _history_of_10():
    first = published_update(
        progress=25,
        status="in_progress",
        rag="green",
        comment="Lancement du groupe de travail.",
        evidence_url="https://sante.gouv.fr/compte-rendu-1",
    )
    second = published_update(
        progress=40,
        rag="amber",
        rag_reason="Décret retardé par la consultation",
        comment="Projet de décret transmis au Conseil d'État.",
        evidence_file="progress/evidence/0123abcd/projet-decret.pdf",
    )
    ProgressUpdateFactory(progress=90, comment="Brouillon pas encore validé")
    return first, second


def test_history_page_lists_every_published_update_with_changes_comment_and_evidence(client):
    first, second = _history_of_10()
    response = client.get("/avancement/10/historique/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert page.index("Lancement du groupe de travail.") < page.index("Projet de décret transmis")
    assert "25 % → 40 %" in page
    assert "Décret retardé par la consultation" in page
    assert 'href="https://sante.gouv.fr/compte-rendu-1"' in page
    assert f'href="/avancement/preuves/{second.pk}/"' in page
    assert first.digest in page and second.digest in page
    assert 'href="/avancement/10/integrite.json"' in page
    assert "Brouillon pas encore validé" not in page


def test_history_page_matches_the_json_export(client):
    _history_of_10()
    published_update(recommendation=recommendation(3), progress=10, comment="Cadrage R3.")
    rows = client.get("/avancement/historique.json").json()["updates"]
    page = html.unescape(client.get("/avancement/10/historique/").content.decode())
    mine = [row for row in rows if row["number"] == 10]
    assert len(mine) == 2
    positions = [page.index(row["comment"]) for row in mine]
    assert positions == sorted(positions)
    for row in mine:
        assert row["digest"] in page
        assert f"{row['progress']} %" in page
        if row["evidence_url"]:
            assert f'href="{row["evidence_url"]}"' in page
        if row["evidence_file_url"]:
            assert row["evidence_file_url"].endswith(f"/avancement/preuves/{row['update_id']}/")
            assert f'href="/avancement/preuves/{row["update_id"]}/"' in page
    assert "Cadrage R3." not in page


def test_json_and_csv_exports_hold_every_published_update_and_no_draft(client):
    first, second = _history_of_10()
    document = client.get("/avancement/historique.json").json()
    assert document["licence"] == "Licence Ouverte 2.0"
    assert [column["name"] for column in document["columns"]] == COLUMNS
    assert [row["update_id"] for row in document["updates"]] == [first.pk, second.pk]
    row = document["updates"][1]
    assert (row["previous_progress"], row["progress"]) == (25, 40)
    assert (row["previous_rag"], row["rag"]) == ("green", "amber")
    assert row["rag_reason"] == "Décret retardé par la consultation"
    assert row["digest"] == second.digest
    assert row["recommendation_id"] == "cnnum-2020-r10"
    response = client.get("/avancement/historique.csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [int(line["update_id"]) for line in table] == [first.pk, second.pk]
    assert table[0]["comment"] == "Lancement du groupe de travail."
    assert table[0]["evidence_url"] == "https://sante.gouv.fr/compte-rendu-1"
    assert table[1]["evidence_file_url"].endswith(f"/avancement/preuves/{second.pk}/")


def test_integrity_check_says_intact_then_names_the_first_tampered_update(client):
    first, second = _history_of_10()
    report = client.get("/avancement/10/integrite.json").json()
    assert report["intact"] is True
    assert report["updates_checked"] == 2
    ProgressUpdate.objects.filter(pk=first.pk).update(comment="Réécrit après coup.")
    report = client.get("/avancement/10/integrite.json").json()
    assert report["intact"] is False
    assert report["first_broken_update"] == first.pk
    assert "does not match" in report["reason"]


def test_integrity_check_is_never_served_from_the_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    first, _second = _history_of_10()
    assert client.get("/avancement/10/integrite.json").json()["intact"] is True
    ProgressUpdate.objects.filter(pk=first.pk).update(progress=99)
    assert client.get("/avancement/10/integrite.json").json()["intact"] is False


def test_history_exports_are_cached_publicly_and_refreshed_on_publication(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    _history_of_10()
    assert len(client.get("/avancement/historique.json").json()["updates"]) == 2
    cached = client.get("/avancement/historique.json")
    assert cached["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        published_update(progress=55)
    assert len(client.get("/avancement/historique.json").json()["updates"]) == 3


def test_history_of_an_unknown_recommendation_is_404(client):
    assert client.get("/avancement/19/historique/").status_code == 404
    assert client.get("/avancement/19/integrite.json").status_code == 404


def test_barometer_links_each_recommendation_to_its_history(client):
    page = client.get("/avancement/").content.decode()
    for number in range(1, 19):
        assert f'href="/avancement/{number}/historique/"' in page
    assert 'href="/avancement/historique.csv"' in page


def _publish(count):
    for step in range(count):
        published_update(progress=step % 100, comment=f"Point {step}")


@pytest.mark.parametrize("size", [3, 30])
def test_history_page_query_count_is_constant(client, django_assert_max_num_queries, size):
    _publish(size)
    with django_assert_max_num_queries(4):
        page = client.get("/avancement/10/historique/").content.decode()
    assert page.count('class="site-timeline__item"') == size


@pytest.mark.parametrize("size", [3, 30])
def test_history_exports_query_count_is_constant(client, django_assert_max_num_queries, size):
    _publish(size)
    with django_assert_max_num_queries(3):
        assert len(client.get("/avancement/historique.json").json()["updates"]) == size
    with django_assert_max_num_queries(3):
        assert client.get("/avancement/historique.csv").status_code == 200
