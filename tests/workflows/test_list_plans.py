"""Signed-in lists are answered from indexes: PostgreSQL's plan for every query of each list
(the entrepreneur's dossiers, each queue tab of a hub and of an expert body, the dossier API, a
dossier page) scans no dossier, permission or log table end to end.

The data is large enough (20,000 dossiers over the eighteen regions, each with its permission
and log rows, the statistics refreshed) that the planner would read a whole table if no index fitted
the query's shape. A list's count is remembered until dossiers change, so the plans checked are
those of a visit after the first (the first one's capped count may read the dossier table).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from governance.models import Region
from governance.roles import Role
from tests.conftest import rows_for_the_module
from tests.factories import UserFactory
from tests.query_plans import plan_nodes
from workflows import access
from workflows.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierState,
    DossierTransition,
    DossierUserObjectPermission,
    Membership,
    Organisation,
    Pathway,
)
from workflows.routing import _permissions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.xdist_group("list-plans")]
S = DossierState
DOSSIERS = 20_000
REGIONS = 18
STATES = [S.DRAFT, S.SUBMITTED, S.HUB_REVIEW, S.CORRECTION_REQUESTED, S.EXPERT_REVIEW,
          S.AWAITING_DECISION, S.APPROVED, S.REJECTED, S.CLOSED, S.WITHDRAWN]  # fmt: skip
WATCHED = {
    Dossier._meta.db_table,
    DossierUserObjectPermission._meta.db_table,
    DossierGroupObjectPermission._meta.db_table,
    DossierTransition._meta.db_table,
}
QUEUE_TABS = ["a-traiter", "mes-dossiers", "en-cours", "attente-porteur", "en-retard", "termines"]


@pytest.fixture(scope="module")
def crowd(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back after it."""
    with rows_for_the_module(django_db_blocker):
        if connection.vendor != "postgresql":
            pytest.skip("Query plans are PostgreSQL's")
        yield _crowd()


def _crowd():
    """20,000 dossiers spread over the 18 regions and 600 organisations, routed as the services do
    (applicants' user rows, the hub's and the bodies' group rows), each with a log row."""
    regions = list(Region.objects.order_by("slug")[:REGIONS])
    perms = _permissions(
        access.VIEW,
        access.ACT_AS_APPLICANT,
        access.ACT_AS_HUB,
        access.ACT_AS_EXPERT,
        access.ACT_AS_DECISION_MAKER,
    )
    user_model = get_user_model()
    owners = user_model.objects.bulk_create(
        user_model(username=f"porteur{n}", email=f"porteur{n}@example.org") for n in range(600)
    )
    entrepreneurs = Group.objects.get(name=Role.ENTREPRENEUR)
    user_model.groups.through.objects.bulk_create(
        user_model.groups.through(user_id=owner.pk, group_id=entrepreneurs.pk) for owner in owners
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Société {n}", siret=f"{n:014d}", region=regions[n % REGIONS])
        for n in range(len(owners))
    )
    Membership.objects.bulk_create(
        Membership(organisation=o, user=u, role="owner")
        for o, u in zip(organisations, owners, strict=True)
    )
    now = timezone.now()
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            reference=f"DOS-2026-{800000 + n}",
            title=f"Dossier {n}",
            summary="Résumé",
            pathway=list(Pathway)[n % len(Pathway)],
            region=organisations[n % len(owners)].region,
            hub=None
            if STATES[n % len(STATES)] == S.DRAFT
            else organisations[n % len(owners)].region.hub,
            organisation=organisations[n % len(owners)],
            owner=owners[n % len(owners)],
            state=STATES[n % len(STATES)],
            created_at=now - timezone.timedelta(hours=n),
            stage_due_at=now + timezone.timedelta(days=(n % 60) - 30),
        )  # fmt: skip
        for n in range(DOSSIERS)
    )
    bodies = {g.name: g for g in Group.objects.filter(name__in=[Role.HAS_ADVISER,
                                                                Role.DECISION_MAKER])}  # fmt: skip
    user_rows, group_rows, log_rows = [], [], []
    for d in dossiers:
        for codename in (access.VIEW, access.ACT_AS_APPLICANT):
            user_rows.append(
                DossierUserObjectPermission(
                    user_id=d.owner_id, permission=perms[codename], content_object=d
                )
            )
        log_rows.append(
            DossierTransition(
                dossier=d, transition="create", source=S.DRAFT, target=S.DRAFT, actor_id=d.owner_id
            )
        )
        if d.state == S.DRAFT:
            continue
        hub_group = d.region.hub.group
        group_rows.append(
            DossierGroupObjectPermission(
                group=hub_group, permission=perms[access.VIEW], content_object=d
            )
        )
        if d.state in (S.SUBMITTED, S.HUB_REVIEW, S.CORRECTION_REQUESTED):
            group_rows.append(
                DossierGroupObjectPermission(
                    group=hub_group, permission=perms[access.ACT_AS_HUB], content_object=d
                )
            )
        if d.state in (S.EXPERT_REVIEW, S.AWAITING_DECISION, S.APPROVED, S.REJECTED):
            has = bodies[Role.HAS_ADVISER]
            group_rows.append(
                DossierGroupObjectPermission(group=has, permission=perms[access.VIEW],
                                             content_object=d)
            )  # fmt: skip
            if d.state == S.EXPERT_REVIEW:
                group_rows.append(
                    DossierGroupObjectPermission(
                        group=has, permission=perms[access.ACT_AS_EXPERT], content_object=d
                    )
                )
    DossierUserObjectPermission.objects.bulk_create(user_rows)
    DossierGroupObjectPermission.objects.bulk_create(group_rows)
    # Log rows are chained one by one in real life; unchained rows are enough for a plan.
    DossierTransition.objects.bulk_create(log_rows)
    with connection.cursor() as cursor:
        for table in (*WATCHED, "auth_permission", "governance_user_groups"):
            cursor.execute(f'ANALYZE "{table}"')
    return {
        "owner": owners[0],
        "hub": UserFactory(roles=[f"hub:{regions[0].slug}"]),
        "has": UserFactory(roles=[Role.HAS_ADVISER]),
        "dossier": next(d for d in dossiers if d.region == regions[0] and d.state == S.APPROVED),
    }


def _full_scans(queries):
    """The watched tables some query of ``queries`` reads with a sequential scan."""
    return [
        (node.relation, query["sql"][:300])
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        for node in plan_nodes(query["sql"])
        if node.type == "Seq Scan" and node.relation in WATCHED
    ]


def _queries_of(client, path):
    """The queries of a page as every visit but the first after a change runs them: its count
    is remembered (``workflows.pagination``), so the second visit is measured."""
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return captured.captured_queries


def test_entrepreneur_list_reads_no_table_whole(client, crowd):
    client.force_login(crowd["owner"])
    assert _full_scans(_queries_of(client, "/dossiers/")) == []


@pytest.mark.parametrize("tab", QUEUE_TABS)
@pytest.mark.parametrize("who", ["hub", "has"])
def test_queue_tab_reads_no_table_whole(client, crowd, who, tab):
    client.force_login(crowd[who])
    assert _full_scans(_queries_of(client, f"/instruction/?onglet={tab}")) == []


@pytest.mark.parametrize("who", ["owner", "hub", "has"])
def test_dossier_api_list_reads_no_table_whole(crowd, who):
    api = APIClient()
    api.force_authenticate(crowd[who])
    assert _full_scans(_queries_of(api, "/api/v1/dossiers/")) == []


def test_dossier_page_reads_no_table_whole(client, crowd):
    client.force_login(crowd["hub"])
    path = f"/dossiers/{crowd['dossier'].pk}/"
    assert _full_scans(_queries_of(client, path)) == []
