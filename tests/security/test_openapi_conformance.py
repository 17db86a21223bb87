"""Every API answer is the one the published OpenAPI document promises (schemathesis, in-process).

The schema is fetched from the application itself (``GET /api/v1/schema/``). Each operation is
then called with generated requests, valid and invalid, as several roles holding a token, on
real objects as well as on ids that do not exist. Each answer must be declared: its status code,
its content type and its body's schema; and none may be a 5xx. Examples are bounded and
derandomized, so the suite is deterministic and takes a couple of minutes.
"""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cms.models import SpeakerCategory
from governance import api_tokens
from tests.cms.comments.factories import consultation_page, published_comments
from tests.factories import UserFactory, hub_staff, recommendation
from tests.governance.factories import (
    IndicatorValueFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ministry_user,
    published_update,
)
from tests.workflows.factories import Cast, dossier, dossier_in_state
from workflows.models import DossierState

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ["anonymous", "entrepreneur", "hub", "ministry"]
EXAMPLES_PER_OPERATION = 15


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """Requests go through the real WSGI handler, which closes the database connection after
    each one; Django's test client stops that, and so must this suite (the test's transaction
    lives on that connection)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    """Objects for the requests to reach, and the ids to reach them by, per path parameter."""
    cast = Cast()
    cast._users["hub"] = hub_staff()
    owner = cast.owner
    dossiers = [
        dossier(owner),  # a draft: no hub yet
        dossier_in_state(DossierState.HUB_REVIEW, cast),
        dossier_in_state(DossierState.CORRECTION_REQUESTED, cast),
        dossier_in_state(DossierState.APPROVED, cast),
    ]
    open_consultation = consultation_page()
    closed_consultation = consultation_page(opens_in_days=-40, closes_in_days=-10)
    citizen = UserFactory()
    comments = [
        *published_comments(open_consultation, citizen, 1),
        *published_comments(open_consultation, citizen, 1, speaker_category=SpeakerCategory.OTHER),
        *published_comments(closed_consultation, citizen, 1),
    ]
    published_update(recommendation=recommendation(3), evidence_url="https://example.org/a")
    MilestoneFactory(recommendation=recommendation(3))
    IndicatorValueFactory(indicator__recommendation=recommendation(3))
    draft_update = ProgressUpdateFactory(recommendation=recommendation(4))
    users = {
        "anonymous": None,
        "entrepreneur": owner,
        "hub": cast.hub,
        "ministry": ministry_user(),
    }
    ids = {
        ("dossiers", "id"): [d.pk for d in dossiers],
        ("dossiers", "name"): ["submit", "take_charge", "request_correction", "withdraw"],
        ("consultations", "id"): [open_consultation.pk, closed_consultation.pk],
        ("comments", "id"): [c.pk for c in comments],
        ("updates", "id"): [draft_update.pk],
        ("recommendations", "number"): [3, 4],
    }
    return users, ids


def _known_path_parameters(operation, ids):
    """Every combination of real values for the operation's path parameters."""
    collection = operation.path.split("/")[3]
    names = [parameter.name for parameter in operation.path_parameters]
    if not names or any((collection, name) not in ids for name in names):
        return []
    values = [ids[collection, name] for name in names]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_answer_is_the_documented_one(operation, role, world):
    users, ids = world
    headers = {}
    if users[role] is not None:
        _token, key = api_tokens.issue_token(users[role])
        headers["Authorization"] = f"Token {key}"
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(mode))
        strategies.extend(
            operation.as_strategy(mode, path_parameters=path_parameters)
            for path_parameters in _known_path_parameters(operation, ids)
        )

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def call_and_validate(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call_and_validate()


def test_a_path_under_the_api_that_names_no_endpoint_is_a_json_404(api_client):
    response = api_client.post("/api/v1/dossiers/not-a-number/transitions/submit/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
