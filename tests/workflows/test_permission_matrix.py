"""Every role × every state × every transition through the API: 200, 403, 404 or 409.

The oracle below restates DESIGN.md's table independently of the code: who may see a dossier
in each state, and who may perform each transition from which state.
"""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from tests.workflows.factories import VALID_INPUTS, Cast, force_state
from workflows.models import DossierState
from workflows.transitions import TRANSITION_NAMES

pytestmark = pytest.mark.django_db
S = DossierState

ROLES = [
    "owner",
    "other_entrepreneur",
    "hub",
    "other_hub",
    "has_adviser",
    "decision_maker",
    "citizen",
    "anonymous",
]
AFTER_SUBMIT = set(S) - {S.DRAFT}
HAS_STATES = {S.EXPERT_REVIEW, S.AWAITING_DECISION, S.APPROVED, S.REJECTED}
DECISION_STATES = {S.AWAITING_DECISION, S.APPROVED, S.REJECTED}
VISIBLE = {
    "owner": set(S),
    "hub": AFTER_SUBMIT,
    "has_adviser": HAS_STATES,
    "decision_maker": DECISION_STATES,
}
NON_FINAL = {
    S.DRAFT,
    S.SUBMITTED,
    S.HUB_REVIEW,
    S.CORRECTION_REQUESTED,
    S.EXPERT_REVIEW,
    S.AWAITING_DECISION,
}
# transition: {source state: role who may perform it}
ALLOWED = {
    "submit": {S.DRAFT: "owner"},
    "take_charge": {S.SUBMITTED: "hub"},
    "request_correction": {S.HUB_REVIEW: "hub", S.EXPERT_REVIEW: "has_adviser"},
    "resubmit": {S.CORRECTION_REQUESTED: "owner"},
    "refer_to_has": {S.HUB_REVIEW: "hub"},
    "issue_opinion": {S.EXPERT_REVIEW: "has_adviser"},
    "hand_off": {S.HUB_REVIEW: "hub"},
    "approve": {S.AWAITING_DECISION: "decision_maker"},
    "reject": {S.AWAITING_DECISION: "decision_maker"},
    "return_for_review": {S.AWAITING_DECISION: "decision_maker"},
    "close": {S.SUBMITTED: "hub", S.HUB_REVIEW: "hub"},
    "withdraw": dict.fromkeys(NON_FINAL, "owner"),
}


def expected_status(role, state, transition):
    if role == "anonymous":
        return 401
    if state not in VISIBLE.get(role, set()):
        return 404
    if state not in ALLOWED[transition]:
        return 409
    if ALLOWED[transition][state] != role:
        return 403
    return 200


CASES = [
    pytest.param(role, state, name, expected_status(role, state, name), id=f"{role}-{state}-{name}")
    for role in ROLES
    for state in S
    for name in TRANSITION_NAMES
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One cast and one dossier per state for the whole module, like ``setUpTestData``.

    Built inside an outer transaction rolled back at the end; each test runs in a savepoint
    inside it, so what a test does to a dossier is undone before the next one.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cast = Cast()
            for role in ROLES[:-1]:
                getattr(cast, role)
            dossiers = {state: force_state(state, cast.owner).pk for state in S}
            yield cast, dossiers
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_as(cast, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(getattr(cast, role))
    return client


def test_oracle_covers_the_design_table():
    assert set(ALLOWED) == set(TRANSITION_NAMES)
    assert sum(1 for case in CASES if case.values[3] == 200) == 19


@pytest.mark.parametrize(("role", "state", "transition", "expected"), CASES)
def test_transition_permission_matrix(world, db, role, state, transition, expected):
    cast, dossiers = world
    client = client_as(cast, role)
    response = client.post(
        f"/api/v1/dossiers/{dossiers[state]}/transitions/{transition}/",
        VALID_INPUTS[transition],
        format="json",
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        listed = client.get(f"/api/v1/dossiers/{dossiers[state]}/history/").json()["results"]
        assert [row["transition"] for row in listed] == [transition]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(S))
def test_available_transitions_match_the_matrix(world, db, role, state):
    cast, dossiers = world
    response = client_as(cast, role).get(f"/api/v1/dossiers/{dossiers[state]}/transitions/")
    expected = [name for name in TRANSITION_NAMES if expected_status(role, state, name) == 200]
    if role == "anonymous":
        assert response.status_code == 401
    elif state not in VISIBLE.get(role, set()):
        assert response.status_code == 404
    else:
        assert response.json()["transitions"] == expected
