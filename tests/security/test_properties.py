"""Property tests: whatever text, Unicode or nested JSON anyone sends to a form or an API payload,
the answer is never a 5xx, and a 4xx writes nothing (row counts and the edited row unchanged).

Deterministic (derandomize, no example database) and small enough for every CI run.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.models import Comment, CommentReport, CommentRevision
from governance.models import ApiToken, ProgressUpdate
from tests.cms.comments.factories import consultation_page
from tests.factories import Role, UserFactory, user_with_role
from tests.workflows.factories import dossier, entrepreneur
from workflows.models import Dossier, DossierTransition, Membership, Organisation
from workflows.transitions import TRANSITION_NAMES

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COUNTED = (
    Comment,
    CommentReport,
    CommentRevision,
    Dossier,
    DossierTransition,
    Organisation,
    Membership,
    ProgressUpdate,
    ApiToken,
)

# Any text: every plane, control characters and NUL included; JSON strings add unpaired
# surrogates, which only JSON's \\u escapes can carry.
form_text = st.text(max_size=300)
json_text = st.text(
    alphabet=st.characters() | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    max_size=300,
)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(json_text, children, max_size=4)
    ),
    max_leaves=12,
)
deep_nesting = st.integers(min_value=1, max_value=100_000).map(lambda n: "[" * n + "]" * n)


def payloads(*keys, plausible=()):
    """JSON objects with ``keys`` holding anything (or a plausible value), and extra keys."""
    values = {
        key: (json_values | st.sampled_from(plausible)) if plausible else json_values
        for key in keys
    }
    return st.fixed_dictionaries({}, optional=values).flatmap(
        lambda fixed: st.dictionaries(json_text, json_values, max_size=2).map(
            lambda extra: json.dumps({**extra, **fixed})
        )
    )


def json_bodies(*keys, plausible=()):
    return payloads(*keys, plausible=plausible) | json_values.map(json.dumps) | deep_nesting


def rows():
    return [model.objects.count() for model in COUNTED]


def check(response, before, unchanged=None):
    """No 5xx; a refusal leaves every count (and ``unchanged``, a row snapshot) as it was."""
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert rows() == before
        if unchanged is not None:
            assert unchanged() == unchanged.snapshot


def snapshot_of(model, pk, *fields):
    def read():
        return model.objects.filter(pk=pk).values(*fields).first()

    read.snapshot = read()
    return read


class World:
    def __init__(self):
        self.consultation = consultation_page()
        self.citizen = UserFactory()
        self.author = UserFactory()
        self.comment = Comment.objects.create(
            consultation=self.consultation, author=self.author, body="Cible", state="published"
        )
        self.owner = entrepreneur()
        self.ministry = user_with_role(Role.MINISTRY)
        UserFactory(username="camille", password="s3cret-pass")

    def client(self, user=None):
        client = Client()
        if user:
            client.force_login(user)
        return client


@pytest.fixture
def world():
    return World()


def post_json(client, url, body):
    cache.clear()  # rate limits would turn every later example into a 429
    before = rows()
    return client.post(url, body, content_type="application/json"), before


@PROPERTY
@given(body=json_bodies("body", "parent", "speaker_category", "declared_interest"))
def test_comment_api_never_fails(world, body):
    client = world.client(world.citizen)
    url = reverse("api-consultation-comments", args=[world.consultation.pk])
    check(*post_json(client, url, body))


@PROPERTY
@given(body=json_bodies("reason", plausible=["spam", "offensive", "off_topic"]))
def test_report_api_never_fails(world, body):
    reporter = UserFactory()
    url = reverse("api-comment-reports", args=[world.comment.pk])
    check(*post_json(world.client(reporter), url, body))


@PROPERTY
@given(
    body=json_bodies(
        "title",
        "summary",
        "pathway",
        "region",
        "recommendations",
        "regulatory_status",
        "organisation_name",
        "siret",
        plausible=["pecan", "ile-de-france", "Télésuivi", [1, 2]],
    )
)
def test_dossier_create_api_never_fails(world, body):
    check(*post_json(world.client(world.owner), "/api/v1/dossiers/", body))


@PROPERTY
@given(
    name=st.sampled_from(TRANSITION_NAMES),
    body=json_bodies("comment", "opinion", "to", "reason", plausible=["favourable", "hub_review"]),
)
def test_transition_api_never_fails_nor_half_applies(world, name, body):
    draft = dossier(world.owner)
    state = snapshot_of(Dossier, draft.pk, "state", "submitted_at", "hub_id")
    url = f"/api/v1/dossiers/{draft.pk}/transitions/{name}/"
    check(*post_json(world.client(world.owner), url, body), unchanged=state)


@PROPERTY
@given(
    body=json_bodies(
        "status",
        "progress",
        "comment",
        "evidence_url",
        "rag",
        "rag_reason",
        plausible=["in_progress", 50, "https://example.org/preuve", "green"],
    )
)
def test_progress_draft_api_never_fails(world, body):
    url = "/api/v1/recommendations/3/updates/"
    check(*post_json(world.client(world.ministry), url, body))


@PROPERTY
@given(body=json_bodies("username", "password", plausible=["camille", "s3cret-pass"]))
def test_token_endpoint_never_fails(world, body):
    check(*post_json(world.client(), "/api/v1/auth/token/", body))


@PROPERTY
@given(query=form_text, page=form_text)
def test_search_never_fails(world, query, page):
    response = world.client().get("/recherche/", {"q": query, "page": page})
    assert response.status_code < 500


@PROPERTY
@given(raw=st.binary(max_size=200))
def test_search_with_raw_bytes_in_the_query_string_never_fails(world, raw):
    from urllib.parse import quote_from_bytes

    response = world.client().get("/recherche/", QUERY_STRING="q=" + quote_from_bytes(raw))
    assert response.status_code < 500


form_fields = st.fixed_dictionaries(
    {}, optional=dict.fromkeys(("body", "speaker_category", "declared_interest"), form_text)
)


@PROPERTY
@given(data=form_fields)
def test_comment_form_never_fails(world, data):
    cache.clear()
    before = rows()
    client = world.client(world.citizen)
    response = client.post(reverse("comment-create", args=[world.consultation.pk]), data)
    check(response, before)


@PROPERTY
@given(reason=form_text | st.sampled_from(["spam", "offensive"]))
def test_report_form_never_fails(world, reason):
    cache.clear()
    before = rows()
    client = world.client(UserFactory())
    response = client.post(reverse("comment-report", args=[world.comment.pk]), {"reason": reason})
    check(response, before)


dossier_form = st.fixed_dictionaries(
    {},
    optional={
        "title": form_text | st.just("Télésuivi"),
        "summary": form_text,
        "pathway": form_text | st.just("pecan"),
        "region": form_text | st.just("ile-de-france"),
        "recommendations": st.lists(form_text | st.just("3"), max_size=3),
        "regulatory_status": form_text,
    },
)


@PROPERTY
@given(data=dossier_form)
def test_new_dossier_form_never_fails(world, data):
    before = rows()
    response = world.client(world.owner).post(reverse("workflows:new"), data)
    check(response, before)


@PROPERTY
@given(data=dossier_form)
def test_dossier_edit_form_never_fails_nor_half_saves(world, data):
    draft = dossier(world.owner)
    saved = snapshot_of(Dossier, draft.pk, "title", "summary", "pathway", "region_id")
    before = rows()
    response = world.client(world.owner).post(reverse("workflows:edit", args=[draft.pk]), data)
    check(response, before, unchanged=saved)


@PROPERTY
@given(
    name=st.sampled_from(TRANSITION_NAMES),
    data=st.dictionaries(
        st.sampled_from(["comment", "opinion", "to", "reason"]), form_text, max_size=4
    ),
)
def test_transition_form_never_fails_nor_half_applies(world, name, data):
    draft = dossier(world.owner)
    state = snapshot_of(Dossier, draft.pk, "state", "submitted_at", "hub_id")
    before = rows()
    response = world.client(world.owner).post(
        reverse("workflows:transition", args=[draft.pk, name]),
        {f"{name}-{key}": value for key, value in data.items()},
    )
    check(response, before, unchanged=state)
