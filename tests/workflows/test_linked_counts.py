"""The barometer's count of filed dossiers per recommendation is kept in a small table, counted
again after each change that can move it, and read in one query."""

import html
import io

import pytest
from django.core.management import call_command

from tests.factories import recommendation
from tests.workflows.factories import Cast, dossier
from workflows import services
from workflows.linked_counts import filed_counts
from workflows.models import LinkedDossierCount

pytestmark = pytest.mark.django_db


def kept(number):
    row = LinkedDossierCount.objects.filter(recommendation=recommendation(number)).first()
    return row.dossiers if row else None


@pytest.fixture
def cast():
    return Cast()


def test_filing_a_dossier_counts_its_recommendations_again(
    cast, django_capture_on_commit_callbacks
):
    draft = dossier(cast.owner, recommendations=[recommendation(3), recommendation(4)])
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(draft, "submit", cast.owner)
    assert (kept(3), kept(4), kept(5)) == (1, 1, None)


def test_a_draft_is_not_counted(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = dossier(cast.owner, recommendations=[recommendation(3)])
        services.update_dossier(draft, cast.owner, recommendations=[recommendation(4)])
    assert not LinkedDossierCount.objects.exists()
    assert filed_counts([recommendation(3).pk, recommendation(4).pk]) == {
        recommendation(3).pk: 0,
        recommendation(4).pk: 0,
    }


def test_a_filed_dossiers_links_changed_or_cleared_are_counted_again(
    cast, django_capture_on_commit_callbacks
):
    filed = dossier(cast.owner, recommendations=[recommendation(3)])
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(filed, "submit", cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        filed.recommendations.add(recommendation(7))
    assert (kept(3), kept(7)) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        filed.recommendations.remove(recommendation(3))
    assert (kept(3), kept(7)) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        recommendation(9).dossiers.add(filed)
    assert kept(9) == 1
    with django_capture_on_commit_callbacks(execute=True):
        filed.recommendations.clear()
    assert (kept(7), kept(9)) == (0, 0)


def test_the_barometer_reads_kept_counts_in_one_query(
    client, cast, django_capture_on_commit_callbacks, django_assert_num_queries
):
    for _index in range(6):
        filed = dossier(cast.owner, recommendations=[recommendation(5)])
        with django_capture_on_commit_callbacks(execute=True):
            services.perform(filed, "submit", cast.owner)
    call_command("count_linked_dossiers", stdout=io.StringIO())
    ids = [recommendation(number).pk for number in range(1, 19)]
    with django_assert_num_queries(1):
        counts = filed_counts(ids)
    assert counts[recommendation(5).pk] == 6
    page = html.unescape(client.get("/avancement/").content.decode())
    entry_5 = page[page.index('id="recommandation-5"') : page.index('id="recommandation-6"')]
    assert "Dossiers d'innovation liés : 6." in entry_5


def test_a_recommendation_never_counted_is_counted_live(cast):
    """A database counted by no change yet (or a test whose transaction never commits)."""
    filed = dossier(cast.owner, recommendations=[recommendation(2)])
    services.perform(filed, "submit", cast.owner)
    assert kept(2) is None
    assert filed_counts([recommendation(2).pk]) == {recommendation(2).pk: 1}


def test_the_command_counts_every_recommendation(cast):
    filed = dossier(cast.owner, recommendations=[recommendation(1)])
    services.perform(filed, "submit", cast.owner)
    out = io.StringIO()
    call_command("count_linked_dossiers", stdout=out)
    assert LinkedDossierCount.objects.count() == 18
    assert (kept(1), kept(2)) == (1, 0)
    assert "18 recommendations counted" in out.getvalue()
