"""Lists cost the same number of queries with 10 or 1,000 dossiers (no N+1)."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from governance.roles import Role
from tests.factories import hub, region
from tests.workflows.factories import Cast, entrepreneur
from workflows import access
from workflows.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierState,
    DossierUserObjectPermission,
    ExpertReview,
    Membership,
    Pathway,
)
from workflows.routing import _permissions

pytestmark = pytest.mark.django_db
S = DossierState
STATES = [S.SUBMITTED, S.HUB_REVIEW, S.CORRECTION_REQUESTED, S.EXPERT_REVIEW, S.AWAITING_DECISION,
          S.APPROVED, S.CLOSED]  # fmt: skip


def bulk_dossiers(owner, count):
    """``count`` routed dossiers of ``owner`` in Île-de-France, with their permission rows."""
    organisation = Membership.objects.get(user=owner).organisation
    idf, idf_hub = region("ile-de-france"), hub("ile-de-france")
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            reference=f"DOS-2026-{900000 + n}",
            title=f"Dossier {n}",
            summary="Résumé",
            pathway=Pathway.PECAN,
            region=idf,
            hub=idf_hub,
            organisation=organisation,
            owner=owner,
            state=STATES[n % len(STATES)],
            correction_return_state=S.HUB_REVIEW
            if STATES[n % len(STATES)] == S.CORRECTION_REQUESTED
            else "",
        )
        for n in range(count)
    )
    perms = _permissions(
        access.VIEW, access.ACT_AS_APPLICANT, access.ACT_AS_HUB, access.ACT_AS_EXPERT
    )
    has_group = Group.objects.get(name=Role.HAS_ADVISER)
    DossierUserObjectPermission.objects.bulk_create(
        DossierUserObjectPermission(user=owner, permission=perms[codename], content_object=d)
        for d in dossiers
        for codename in (access.VIEW, access.ACT_AS_APPLICANT)
    )
    group_rows = []
    for d in dossiers:
        group_rows.append(
            DossierGroupObjectPermission(
                group=idf_hub.group, permission=perms[access.VIEW], content_object=d
            )
        )
        if d.state in (S.SUBMITTED, S.HUB_REVIEW, S.CORRECTION_REQUESTED):
            group_rows.append(
                DossierGroupObjectPermission(
                    group=idf_hub.group, permission=perms[access.ACT_AS_HUB], content_object=d
                )
            )
        if d.state == S.EXPERT_REVIEW:
            group_rows.append(
                DossierGroupObjectPermission(
                    group=has_group, permission=perms[access.VIEW], content_object=d
                )
            )
            group_rows.append(
                DossierGroupObjectPermission(
                    group=has_group, permission=perms[access.ACT_AS_EXPERT], content_object=d
                )
            )
    DossierGroupObjectPermission.objects.bulk_create(group_rows)
    ans_group = Group.objects.get(name=Role.ANS_EXPERT)
    ExpertReview.objects.bulk_create(
        ExpertReview(dossier=d, body=body, group=group)
        for d in dossiers
        if d.state == S.EXPERT_REVIEW
        for body, group in (("has", has_group), ("ans", ans_group))
    )
    DossierGroupObjectPermission.objects.bulk_create(
        DossierGroupObjectPermission(group=ans_group, permission=perms[codename], content_object=d)
        for d in dossiers
        if d.state == S.EXPERT_REVIEW
        for codename in (access.VIEW, access.ACT_AS_EXPERT)
    )
    return dossiers


# One bound for both sizes: session, user, groups, visibility, count, the page's ids, its rows,
# permissions.
MAX_QUERIES = 15
# The reviewers' queue: session, user, groups, the colleagues to filter and assign by, the
# regions to filter by, the permission ids (once per process), the user's own permission rows,
# count, the page's ids, its rows, the overdue count of the user's one group, the follow-ups and
# the header's two reads of model permissions. Its rows need no object permissions.
QUEUE_MAX_QUERIES = 14


@pytest.mark.parametrize("size", [10, 1000])
def test_api_list_query_count_is_flat(django_assert_max_num_queries, size):
    owner = entrepreneur()
    bulk_dossiers(owner, size)
    cast = Cast()
    for user in (owner, cast.hub, cast.has_adviser):
        client = APIClient()
        client.force_authenticate(user)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get("/api/v1/dossiers/")
        assert response.status_code == 200
        assert len(response.json()["results"]) > 0


@pytest.mark.parametrize("size", [10, 1000])
def test_entrepreneur_list_page_query_count_is_flat(client, django_assert_max_num_queries, size):
    owner = entrepreneur()
    bulk_dossiers(owner, size)
    client.force_login(owner)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/dossiers/")
    assert response.status_code == 200
    assert "DOS-2026-9" in response.text


@pytest.mark.parametrize(
    "tab", ["a-traiter", "en-cours", "attente-porteur", "en-retard", "termines"]
)
@pytest.mark.parametrize("size", [10, 1000])
def test_review_queues_query_count_is_flat(client, django_assert_max_num_queries, size, tab):
    owner = entrepreneur()
    bulk_dossiers(owner, size)
    client.force_login(Cast().hub)
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        response = client.get(f"/instruction/?onglet={tab}&pathway=pecan&q=Dossier")
    assert response.status_code == 200


@pytest.mark.parametrize("tab", ["a-traiter", "en-cours", "termines"])
@pytest.mark.parametrize("size", [10, 1000])
def test_expert_body_queues_query_count_is_flat(client, django_assert_max_num_queries, size, tab):
    owner = entrepreneur()
    bulk_dossiers(owner, size)
    client.force_login(Cast().ans_expert)
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        response = client.get(f"/instruction/?onglet={tab}")
    assert response.status_code == 200
    if tab == "a-traiter":
        assert "DOS-2026-9" in response.text


def _dossier_with_rounds(cast, rounds):
    """A PECAN dossier returned for review ``rounds`` times: two reviews per round."""
    from tests.workflows.factories import dossier_in_state, settle_reviews
    from workflows import services

    current = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.PECAN)
    for _round in range(rounds - 1):
        current = settle_reviews(current, cast)
        current = services.perform(
            current, "return_for_review", cast.decision_maker, comment="Revoir.", to="expert_review"
        )
    return current


@pytest.mark.parametrize("rounds", [1, 6])
def test_dossier_page_and_reviews_endpoint_do_not_grow_with_reviews(
    client, django_assert_max_num_queries, rounds
):
    cast = Cast()
    current = _dossier_with_rounds(cast, rounds)
    assert current.reviews.count() == 2 * rounds
    for user in (cast.owner, cast.has_adviser, cast.hub):
        client.force_login(user)
        with django_assert_max_num_queries(32):
            assert client.get(f"/dossiers/{current.pk}/").status_code == 200
        api = APIClient()
        api.force_authenticate(user)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert api.get(f"/api/v1/dossiers/{current.pk}/reviews/").status_code == 200


@pytest.mark.parametrize("tab", ["mes-dossiers", "a-traiter", "en-cours", "termines"])
@pytest.mark.parametrize("size", [10, 1000])
def test_queues_with_assignees_query_count_is_flat(
    client, django_assert_max_num_queries, size, tab
):
    from tests.factories import hub_staff

    owner = entrepreneur()
    dossiers = bulk_dossiers(owner, size)
    me = hub_staff()
    colleagues = [me, *(hub_staff() for _ in range(4))]
    for n, colleague in enumerate(colleagues):
        Dossier.objects.filter(pk__in=[d.pk for d in dossiers[n :: len(colleagues)]]).update(
            assignee=colleague
        )
    client.force_login(me)
    client.get("/instruction/")  # warms the content-type cache, as any earlier request would
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        response = client.get(f"/instruction/?onglet={tab}")
    assert response.status_code == 200
    assert colleagues[1].display_name in response.text or tab == "mes-dossiers"
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        response = client.get(f"/instruction/?onglet={tab}&assignee={colleagues[1].username}")
    assert response.status_code == 200
    api = APIClient()
    api.force_authenticate(me)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get("/api/v1/dossiers/?assignee=me")
    assert response.json()["count"] > 0
