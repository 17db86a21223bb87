"""The benchmark's generated dossiers are routed as the real services route them: each is visible
to, and actable by, exactly the users who would hold it had it been filed and moved there through
``services.perform``; and the chained logs still verify."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model

from governance import demo as governance_demo
from governance.history import all_breaks
from tests import bench_scale
from tests.conftest import rows_for_the_module
from workflows import access
from workflows import demo as workflows_demo
from workflows.models import Dossier, DossierState, Membership

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("bench-scale")]
TINY = bench_scale.Scale(
    dossiers=300, crowded=80, applicant_dossiers=5, users=90, organisations=20, comments=0,
    updates=20, hub_staff=1, ars_staff=1, experts=1,
)  # fmt: skip


@pytest.fixture(scope="module")
def grown(django_db_setup, django_db_blocker):
    """The demo grown by ``TINY`` once for the module, rolled back after it."""
    with rows_for_the_module(django_db_blocker):
        governance_demo.seed(StringIO())
        workflows_demo.seed(StringIO())
        bench_scale.grow_to(TINY, out=StringIO())
        yield


def _transitions(dossier):
    return list(dossier.transitions.order_by("pk").values_list("transition", flat=True))


def _scenario_of(dossier, templates):
    """The scenario a generated dossier was copied from: same pathway, same logged steps."""
    for (pathway, name), template in templates.items():
        if pathway == dossier.pathway and _transitions(template) == _transitions(dossier):
            return name
    raise AssertionError(f"{dossier} matches no template")


def _holdings(dossier, users):
    fresh = Dossier.objects.get(pk=dossier.pk)
    return {user.username: access.perms_for(user, fresh) for user in users}


def test_generated_dossiers_are_visible_to_exactly_whom_the_services_would_show_them(grown):
    templates = {
        (t.pathway, t.title.split(" ", 2)[2]): t
        for t in Dossier.objects.filter(title__startswith="Modèle ")
    }
    steps = {name: scenario_steps for name, _weight, scenario_steps in bench_scale.SCENARIOS}
    generated = Dossier.objects.filter(title__startswith="Solution ").exclude(
        region__slug=bench_scale.CROWDED_REGION
    )
    users = list(get_user_model().objects.filter(is_active=True))
    checked = set()
    for dossier in generated.order_by("pk"):
        if dossier.state in checked:
            continue
        checked.add(dossier.state)
        name = _scenario_of(dossier, templates)
        owner = dossier.owner
        replayed = bench_scale.run_scenario(
            owner,
            dossier.organisation,
            dossier.pathway,
            steps[name],
            bench_scale.actors(dossier.region.slug),
            title=f"Rejoué {dossier.pk}",
        )
        assert replayed.state == dossier.state
        assert _holdings(dossier, users) == _holdings(replayed, users), name
    assert checked >= {DossierState.SUBMITTED, DossierState.EXPERT_REVIEW, DossierState.APPROVED}


def test_generated_data_spreads_as_asked_and_keeps_the_logs_verifiable(grown):
    assert Dossier.objects.filter(region__slug=bench_scale.CROWDED_REGION).count() >= TINY.crowded
    assert Dossier.objects.count() >= TINY.dossiers
    assert set(Dossier.objects.values_list("state", flat=True)) == set(DossierState.values)
    entrepreneur = Membership.objects.get(user__username="entrepreneur").organisation
    assert entrepreneur.dossiers.count() >= TINY.applicant_dossiers
    assert all_breaks() == []
