"""Every procedure × role × state × transition through the API, dossiers and reviews alike:
200, 401, 403, 404 or 409.

The oracle below restates DESIGN.md's tables and the issue's procedures independently of the
code: who may see a dossier (and each review) in each state, and who may perform each
transition from which state.
"""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from tests.workflows.factories import VALID_INPUTS, Cast, force_state, review_inputs
from workflows.models import DossierState as S
from workflows.models import ExpertReview, ReviewState
from workflows.models import Pathway as P
from workflows.transitions import REVIEW_TRANSITION_NAMES, TRANSITION_NAMES

pytestmark = pytest.mark.django_db

ROLES = [
    "owner",
    "other_entrepreneur",
    "hub",
    "other_hub",
    "has_adviser",
    "ans_expert",
    "ars",
    "other_ars",
    "decision_maker",
    "citizen",
    "anonymous",
]
BODY_ROLES = {"has": "has_adviser", "ans": "ans_expert", "ars": "ars"}
# The procedures as the issue states them: reviewing bodies, and whether a decision ends them.
BODIES = {
    P.PECAN: ["ans", "has"],
    P.FORFAIT_INNOVATION: ["has"],
    P.HAS_EARLY_DIALOGUE: ["has"],
    P.ARTICLE_51: ["ars"],
    P.MON_ESPACE_SANTE: ["ans"],
}
DECIDES = {pathway: pathway != P.HAS_EARLY_DIALOGUE for pathway in BODIES}
CONFIDENTIAL = {P.HAS_EARLY_DIALOGUE}
DECISION_STATES = {S.AWAITING_DECISION, S.APPROVED, S.REJECTED}


def states(pathway):
    """The states a dossier of ``pathway`` can reach."""
    if DECIDES[pathway]:
        return [state for state in S if state != S.RECOMMENDATIONS_ISSUED]
    return [state for state in S if state not in DECISION_STATES]


AFTER_REVIEW = {S.EXPERT_REVIEW, S.RECOMMENDATIONS_ISSUED, *DECISION_STATES}
NON_FINAL = {S.DRAFT, S.SUBMITTED, S.HUB_REVIEW, S.CORRECTION_REQUESTED, S.EXPERT_REVIEW,
             S.AWAITING_DECISION}  # fmt: skip


def visible(pathway, role, state):
    if role == "owner":
        return True
    if role == "hub":
        return state != S.DRAFT
    if role in (BODY_ROLES[body] for body in BODIES[pathway]):
        return state in AFTER_REVIEW
    if role == "decision_maker":
        return DECIDES[pathway] and state in DECISION_STATES
    return False


def allowed(pathway, transition):
    """{source state: roles who may perform ``transition``}."""
    bodies = {BODY_ROLES[body] for body in BODIES[pathway]}
    table = {
        "submit": {S.DRAFT: {"owner"}},
        "take_charge": {S.SUBMITTED: {"hub"}},
        "request_correction": {S.HUB_REVIEW: {"hub"}, S.EXPERT_REVIEW: bodies},
        "resubmit": {S.CORRECTION_REQUESTED: {"owner"}},
        "refer_for_review": {S.HUB_REVIEW: {"hub"}},
        "hand_off": {S.HUB_REVIEW: {"hub"}},
        "approve": {S.AWAITING_DECISION: {"decision_maker"}},
        "reject": {S.AWAITING_DECISION: {"decision_maker"}},
        "return_for_review": {S.AWAITING_DECISION: {"decision_maker"}},
        "close": {S.SUBMITTED: {"hub"}, S.HUB_REVIEW: {"hub"}},
        "withdraw": dict.fromkeys(NON_FINAL, {"owner"}),
    }
    return table[transition]


def expected_status(pathway, role, state, transition):
    if role == "anonymous":
        return 401
    if not visible(pathway, role, state):
        return 404
    sources = allowed(pathway, transition)
    if state not in sources:
        return 409
    if role not in sources[state]:
        return 403
    if transition == "hand_off" and not DECIDES[pathway]:
        return 409  # an early dialogue has no decision-maker to hand off to
    return 200


CASES = [
    pytest.param(
        pathway,
        role,
        state,
        name,
        expected_status(pathway, role, state, name),
        id=f"{pathway}-{role}-{state}-{name}",
    )  # fmt: skip
    for pathway in BODIES
    for role in ROLES
    for state in states(pathway)
    for name in TRANSITION_NAMES
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One cast, one dossier per procedure and state, and one per procedure and review state,
    for the whole module (like ``setUpTestData``).

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
            dossiers = {
                (pathway, state): force_state(state, cast.owner, pathway=pathway).pk
                for pathway in BODIES
                for state in states(pathway)
            }
            reviews = {}
            for pathway in BODIES:
                for review_state in ReviewState:
                    reviewing = force_state(S.EXPERT_REVIEW, cast.owner, pathway=pathway)
                    ExpertReview.objects.filter(dossier=reviewing).update(state=review_state)
                    for review in ExpertReview.objects.filter(dossier=reviewing):
                        reviews[(pathway, review.body, review_state)] = review.pk
            yield cast, dossiers, reviews
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_as(cast, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(getattr(cast, role))
    return client


def test_oracle_covers_the_design_table():
    assert set(TRANSITION_NAMES) == {
        "submit", "take_charge", "request_correction", "resubmit", "refer_for_review",
        "hand_off", "approve", "reject", "return_for_review", "close", "withdraw",
    }  # fmt: skip
    # 18 per procedure that decides (one more for PECAN's second body), 13 for the early
    # dialogue (no hand-off, no decision), in the order of BODIES.
    allowed_cases = [case for case in CASES if case.values[4] == 200]
    assert len(allowed_cases) == 19 + 18 + 13 + 18 + 18


@pytest.mark.parametrize(("pathway", "role", "state", "transition", "expected"), CASES)
def test_transition_permission_matrix(world, db, pathway, role, state, transition, expected):
    cast, dossiers, _reviews = world
    client = client_as(cast, role)
    url = f"/api/v1/dossiers/{dossiers[(pathway, state)]}/"
    response = client.post(
        f"{url}transitions/{transition}/", VALID_INPUTS[transition], format="json"
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        listed = client.get(f"{url}history/").json()["results"]
        assert [row["transition"] for row in listed] == [transition]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("pathway", "state"), [(pathway, state) for pathway in BODIES for state in states(pathway)]
)
def test_available_transitions_match_the_matrix(world, db, pathway, role, state):
    cast, dossiers, _reviews = world
    response = client_as(cast, role).get(
        f"/api/v1/dossiers/{dossiers[(pathway, state)]}/transitions/"
    )
    expected = [
        name for name in TRANSITION_NAMES if expected_status(pathway, role, state, name) == 200
    ]
    if role == "anonymous":
        assert response.status_code == 401
    elif not visible(pathway, role, state):
        assert response.status_code == 404
    else:
        assert response.json()["transitions"] == expected


# Reviews --------------------------------------------------------------------------------------

REVIEW_SOURCES = {
    "accept": {ReviewState.REQUESTED},
    "submit": {ReviewState.ACCEPTED, ReviewState.EXPIRED},
    "decline": {ReviewState.REQUESTED, ReviewState.ACCEPTED, ReviewState.EXPIRED},
}


def review_visible(pathway, body, role):
    """Who sees a running review: the dossier's viewers, minus the other bodies; a
    confidential one only its body, the applicant and the referring hub."""
    if not visible(pathway, role, S.EXPERT_REVIEW):
        return False
    if role in BODY_ROLES.values():
        return role == BODY_ROLES[body]
    return pathway not in CONFIDENTIAL or role in ("owner", "hub")


def expected_review_status(pathway, body, role, review_state, transition):
    if role == "anonymous":
        return 401
    if not review_visible(pathway, body, role):
        return 404
    if review_state not in REVIEW_SOURCES[transition]:
        return 409
    if role != BODY_ROLES[body]:
        return 403
    return 200


REVIEW_CASES = [
    pytest.param(
        pathway,
        body,
        role,
        review_state,
        name,
        expected_review_status(pathway, body, role, review_state, name),
        id=f"{pathway}-{body}-{role}-{review_state}-{name}",
    )  # fmt: skip
    for pathway, bodies in BODIES.items()
    for body in bodies
    for role in ROLES
    for review_state in ReviewState
    for name in REVIEW_TRANSITION_NAMES
]


def test_review_oracle_covers_every_review_transition():
    assert set(REVIEW_SOURCES) == set(REVIEW_TRANSITION_NAMES)
    assert sum(1 for case in REVIEW_CASES if case.values[5] == 200) == 6 * 6


@pytest.mark.parametrize(
    ("pathway", "body", "role", "review_state", "transition", "expected"), REVIEW_CASES
)
def test_review_permission_matrix(
    world, db, pathway, body, role, review_state, transition, expected
):
    cast, _dossiers, reviews = world
    pk = reviews[(pathway, body, review_state)]
    inputs = review_inputs(transition, ExpertReview.objects.select_related("dossier").get(pk=pk))
    response = client_as(cast, role).post(
        f"/api/v1/reviews/{pk}/transitions/{transition}/", inputs, format="json"
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["state"] == {
            "accept": "accepted", "submit": "submitted", "decline": "declined",
        }[transition]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("pathway", "body"), [(pathway, body) for pathway, bodies in BODIES.items() for body in bodies]
)
def test_review_lists_show_only_what_the_caller_may_see(world, db, pathway, body, role):
    cast, _dossiers, reviews = world
    pk = reviews[(pathway, body, ReviewState.REQUESTED)]
    dossier_id = ExpertReview.objects.get(pk=pk).dossier_id
    response = client_as(cast, role).get(f"/api/v1/dossiers/{dossier_id}/reviews/")
    if role == "anonymous":
        assert response.status_code == 401
    elif not visible(pathway, role, S.EXPERT_REVIEW):
        assert response.status_code == 404
    else:
        shown = {row["id"] for row in response.json()}
        assert (pk in shown) == review_visible(pathway, body, role)
