"""Pipeline transparency (/dossiers/statistiques/): days per stage from the transition log
against the deadline, no figure from fewer than 5 dossiers, on the page and in the exports."""

import csv
import html
import io
import math
import statistics
from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory, recommendation
from tests.workflows.factories import dossier, entrepreneur
from workflows.models import Dossier, DossierState, DossierTransition, Pathway, StageDeadline

pytestmark = pytest.mark.django_db

S = DossierState
CLOCKED = ("submitted", "hub_review", "expert_review", "awaiting_decision")
FIGURES = ("dossiers", "median_days", "p90_days", "overdue_share")
START = timezone.now() - timedelta(days=400)


def _walk(current, actor, steps, start=START):
    """Log ``steps`` ((target, days after the previous step), ...) from a draft; leaves the
    dossier in the last target."""
    at, source = start, S.DRAFT
    for target, days in steps:
        at += timedelta(days=days)
        DossierTransition.objects.create(
            dossier=current, transition="step", source=source, target=target, actor=actor, at=at
        )
        source = target
    Dossier.objects.filter(pk=current.pk).update(state=source)
    return current


def _approved_path(hub_days, expert_days, decision_days, correction_days=0):
    steps = [(S.SUBMITTED, 0), (S.HUB_REVIEW, 4)]
    if correction_days:
        steps += [(S.CORRECTION_REQUESTED, 2), (S.HUB_REVIEW, correction_days)]
        hub_days -= 2
    return [
        *steps,
        (S.EXPERT_REVIEW, hub_days),
        (S.AWAITING_DECISION, expert_days),
        (S.APPROVED, decision_days),
    ]


@pytest.fixture
def pipeline():
    """Forfait innovation: 7 dossiers in Île-de-France (one still in hub review, one with a
    correction), 3 in Occitanie; PECAN: 2 in Île-de-France."""
    actor = UserFactory()
    idf, occ = entrepreneur("ile-de-france"), entrepreneur("occitanie")
    durations = [(10, 50, 20), (25, 70, 40), (31, 80, 61), (12, 76, 5), (40, 90, 30)]
    for hub, expert, decision in durations:
        _walk(dossier(idf), actor, _approved_path(hub, expert, decision))
    _walk(dossier(idf), actor, _approved_path(20, 60, 10, correction_days=15))
    _walk(dossier(idf), actor, [(S.SUBMITTED, 0), (S.HUB_REVIEW, 3)])
    for hub in (5, 9, 60):
        steps = [(S.SUBMITTED, 0), (S.HUB_REVIEW, 2), (S.AWAITING_DECISION, hub), (S.REJECTED, 8)]
        _walk(dossier(occ), actor, steps)
    for _ in range(2):
        _walk(dossier(idf, pathway=Pathway.PECAN), actor, [(S.SUBMITTED, 0), (S.HUB_REVIEW, 9)])
    dossier(idf)  # a draft: no log, never counted
    StageDeadline.objects.update_or_create(
        pathway=Pathway.FORFAIT_INNOVATION, stage="expert_review", defaults={"days": 75}
    )


def _independent_cells():
    """{(pathway, region, stage): sorted days}, straight from the log, one dossier at a time."""
    spent = defaultdict(float)
    still_in = set()
    for current in Dossier.objects.select_related("region"):
        rows = list(current.transitions.order_by("at", "pk"))
        for here, after in zip(rows, rows[1:], strict=False):
            if here.target in CLOCKED:
                key = (current.pathway, current.region.slug, here.target, current.pk)
                spent[key] += (after.at - here.at).total_seconds() / 86400
        if rows and rows[-1].target in CLOCKED:
            still_in.add((current.pk, rows[-1].target))
    cells = defaultdict(list)
    for (pathway, region_slug, stage, pk), days in spent.items():
        if (pk, stage) not in still_in:
            cells[(pathway, region_slug, stage)].append(days)
    return {key: sorted(days) for key, days in cells.items()}


def _expected(days, deadline):
    if len(days) < 5:
        return dict.fromkeys(FIGURES)
    return {
        "dossiers": len(days),
        "median_days": round(statistics.median(days), 1),
        "p90_days": round(days[math.ceil(0.9 * len(days)) - 1], 1),
        "overdue_share": round(sum(day > deadline for day in days) / len(days), 2),
    }


def _json(client):
    response = client.get("/dossiers/statistiques.json")
    assert response.status_code == 200
    return response.json()


def _csv(client):
    response = client.get("/dossiers/statistiques.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_figures_equal_those_computed_from_the_transition_log(client, pipeline):
    expected = _independent_cells()
    rows = _json(client)["rows"]
    idf_expert = next(
        row
        for row in rows
        if (row["pathway"], row["region"], row["stage"])
        == ("forfait-innovation", "ile-de-france", "expert_review")
    )
    assert idf_expert["dossiers"] == 6 and idf_expert["deadline_days"] == 75
    assert idf_expert["overdue_share"] == 0.5  # 76, 80 and 90 days against 75
    for row in rows:
        days = expected.get((row["pathway"], row["region"], row["stage"]), [])
        assert {name: row[name] for name in FIGURES} == _expected(days, row["deadline_days"])
    national = {(row["pathway"], row["stage"]): row for row in _json(client)["national"]}
    hub = [
        day
        for (pathway, _region, stage), days in expected.items()
        if (pathway, stage) == ("forfait-innovation", "hub_review")
        for day in days
    ]
    assert len(hub) == 9  # six finished in Île-de-France, three in Occitanie
    row = national[("forfait-innovation", "hub_review")]
    assert {name: row[name] for name in FIGURES} == _expected(sorted(hub), row["deadline_days"])


def test_hub_review_excludes_the_correction_and_the_stay_still_running(client, pipeline):
    expected = _independent_cells()
    hub_days = expected[("forfait-innovation", "ile-de-france", "hub_review")]
    assert sorted(round(day) for day in hub_days) == [10, 12, 20, 25, 31, 40]


def test_no_cell_is_computed_from_fewer_than_5_dossiers(client, pipeline):
    expected = _independent_cells()
    document = _json(client)
    assert document["minimum_dossiers"] == 5
    for row in [*document["rows"], *_csv(client)]:
        count = len(expected.get((row["pathway"], row["region"], row["stage"]), []))
        values = [row[name] for name in FIGURES]
        if count < 5:
            assert all(value in (None, "") for value in values), row
        else:
            assert int(row["dossiers"]) >= 5
    pecan = [row for row in document["national"] if row["pathway"] == "pecan"]
    assert all(row[name] is None for row in pecan for name in FIGURES)
    occitanie = [row for row in document["rows"] if row["region"] == "occitanie"]
    assert all(row[name] is None for row in occitanie for name in FIGURES)


def test_page_shows_no_cell_from_fewer_than_5_dossiers(client, pipeline):
    response = client.get("/dossiers/statistiques/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Île-de-France · " in page  # six finished hub and expert stays
    assert "Occitanie · " not in page  # three only
    pecan = page[page.index('id="parcours-pecan"') : page.index('id="parcours-article-51"')]
    assert "<svg" not in pecan  # nothing to draw from two dossiers
    for cell in pecan.split("<td>")[1:]:
        value = cell.split("</td>")[0].strip()
        assert value in ("—", "15", "30", "60"), value  # suppressed, or a deadline


def test_page_draws_each_chart_without_scripts_and_with_its_table(client, pipeline):
    page = client.get("/dossiers/statistiques/").content.decode()
    forfait = page[page.index('id="parcours-forfait-innovation"') :]
    forfait = forfait[: forfait.index("</section>")]
    assert "<svg" in forfait and "<script" not in forfait
    assert "<caption>" in forfait


def test_page_summarises_each_pathway_with_suppression(client, pipeline):
    document = _json(client)
    forfait = next(row for row in document["pathways"] if row["pathway"] == "forfait-innovation")
    # 10 filed: 6 approved and 3 rejected (decided), 1 under review (suppressed, and the
    # smallest other part with it: the total would give it away).
    assert forfait["filed"] == 10
    assert forfait["under_review"] is None
    assert forfait["ended_without_decision"] is None
    assert forfait["decided"] == 9
    # With the decided total, a rate would give the three rejections away.
    assert forfait["approval_rate"] is None
    pecan = next(row for row in document["pathways"] if row["pathway"] == "pecan")
    assert pecan["filed"] is None and pecan["approval_rate"] is None


def test_approval_rate_is_published_when_no_outcome_is_a_small_group(client):
    actor, owner = UserFactory(), entrepreneur()
    for _ in range(5):
        steps = [(S.SUBMITTED, 0), (S.HUB_REVIEW, 1), (S.AWAITING_DECISION, 3), (S.APPROVED, 2)]
        _walk(dossier(owner, pathway=Pathway.ARTICLE_51), actor, steps)
    article_51 = next(row for row in _json(client)["pathways"] if row["pathway"] == "article-51")
    assert (article_51["decided"], article_51["approval_rate"]) == (5, 1.0)
    page = client.get("/dossiers/statistiques/").content.decode()
    assert "100 %" in page


def test_a_single_suppressed_region_is_not_left_to_subtraction(client):
    actor = UserFactory()
    idf, occ = entrepreneur("ile-de-france"), entrepreneur("occitanie")
    regions = ["ile-de-france"] * 6 + ["occitanie"] * 2
    for slug in regions:
        owner = idf if slug == "ile-de-france" else occ
        _walk(dossier(owner), actor, [(S.SUBMITTED, 0), (S.HUB_REVIEW, 5), (S.CLOSED, 1)])
    # Every other region has none: two unknown regions, so nothing to subtract yet...
    rows = _json(client)["rows"]
    submitted = {
        r["region"]: r
        for r in rows
        if (r["pathway"], r["stage"]) == ("forfait-innovation", "submitted")
    }
    assert submitted["ile-de-france"]["dossiers"] == 6
    assert submitted["occitanie"]["dossiers"] is None
    # ...but with a single region left unknown, the smallest published one is hidden too.
    from workflows.statistics import StageCell, protect_complement

    cells = [StageCell("pecan", "a", "submitted", 15, count=c) for c in (6, 7, 2)]
    for cell in cells:
        cell.dossiers = cell.count if cell.count >= 5 else None
    protect_complement(cells)
    assert [cell.dossiers for cell in cells] == [None, 7, None]


def test_barometer_shows_dossiers_linked_to_each_recommendation_suppressed_under_5(client):
    owner = entrepreneur()
    five, six = recommendation(5), recommendation(6)
    for index in range(7):
        current = dossier(owner)
        current.recommendations.add(five)
        if index < 2:
            current.recommendations.add(six)
        if index < 6:
            Dossier.objects.filter(pk=current.pk).update(state=S.SUBMITTED)
    page = html.unescape(client.get("/avancement/").content.decode())
    entry_5 = page[page.index('id="recommandation-5"') : page.index('id="recommandation-6"')]
    entry_6 = page[page.index('id="recommandation-6"') : page.index('id="recommandation-7"')]
    assert "Dossiers d'innovation liés : 6." in entry_5  # the draft is not counted
    assert "moins de 5" in entry_6
    assert 'href="/dossiers/statistiques/"' in entry_5


def test_statistics_are_cached_publicly_for_anonymous_visitors(client, settings, pipeline):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    for address in ("/dossiers/statistiques/", "/dossiers/statistiques.json"):
        assert "max-age" in client.get(address)["Cache-Control"]
        assert client.get(address)["X-Public-Cache"] == "hit"


def _grow(size):
    actor = UserFactory()
    owner = entrepreneur()
    for index in range(size):
        steps = [(S.SUBMITTED, 0), (S.HUB_REVIEW, 1 + index % 7), (S.CLOSED, 2)]
        _walk(dossier(owner), actor, steps)


@pytest.mark.parametrize("size", [6, 24])
def test_statistics_query_count_is_constant(client, django_assert_max_num_queries, size):
    _grow(size)
    for address in ("/dossiers/statistiques/", "/dossiers/statistiques.json"):
        with django_assert_max_num_queries(6):
            assert client.get(address).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/dossiers/statistiques.csv").status_code == 200
