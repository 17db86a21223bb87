"""Input no field may hold (NUL, unpaired surrogates, JSON nested 100,000 deep) gets a 400 with a
message that says why, on the pages and the API alike, and nothing is written."""

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Comment, CommentReport
from governance.models import ApiToken, ProgressUpdate
from tests.cms.comments.factories import consultation_page
from tests.factories import Role, UserFactory, user_with_role
from tests.workflows.factories import dossier, entrepreneur
from workflows.models import Dossier, DossierTransition

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
NUL_MESSAGE = "NUL character"
SURROGATE_MESSAGE = "unpaired surrogate"
DEPTH_MESSAGE = "too deeply nested"
DEEP_JSON = "[" * 100_000 + "]" * 100_000


class World:
    """Everyone and everything the endpoints below act on."""

    def __init__(self):
        self.consultation = consultation_page()
        self.citizen = UserFactory()
        self.author = UserFactory()
        self.comment = Comment.objects.create(
            consultation=self.consultation, author=self.author, body="Cible", state="published"
        )
        self.owner = entrepreneur()
        self.dossier = dossier(self.owner)
        self.ministry = user_with_role(Role.MINISTRY)
        UserFactory(username="camille", password="s3cret-pass")

    def rows(self):
        return [
            model.objects.count()
            for model in (
                Comment,
                CommentReport,
                Dossier,
                DossierTransition,
                ProgressUpdate,
                ApiToken,
            )
        ]


@pytest.fixture
def world():
    return World()


# (name, who, url, JSON payload with {} where the hostile text goes)
API_ENDPOINTS = {
    "token": (None, lambda w: "/api/v1/auth/token/", '{"username": %s, "password": "x"}'),
    "comment": (
        "citizen",
        lambda w: reverse("api-consultation-comments", args=[w.consultation.pk]),
        '{"body": %s}',
    ),
    "report": (
        "citizen",
        lambda w: reverse("api-comment-reports", args=[w.comment.pk]),
        '{"reason": %s}',
    ),
    "dossier-create": (
        "owner",
        lambda w: "/api/v1/dossiers/",
        '{"title": "T", "summary": "S", "pathway": "pecan", "region": %s}',
    ),
    "transition": (
        "owner",
        lambda w: f"/api/v1/dossiers/{w.dossier.pk}/transitions/withdraw/",
        '{"comment": %s}',
    ),
    "progress-draft": (
        "ministry",
        lambda w: "/api/v1/recommendations/1/updates/",
        '{"status": "in_progress", "progress": 10, "comment": %s}',
    ),
}


def api_post(world, endpoint, body):
    who, url, _template = API_ENDPOINTS[endpoint]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who:
        client.force_login(getattr(world, who))
    return client.post(url(world), body, content_type="application/json")


def assert_refused(world, response, message, rows_before):
    assert response.status_code == 400, response.content[:300]
    assert message in response.json()["detail"]
    assert world.rows() == rows_before


@pytest.mark.parametrize("endpoint", API_ENDPOINTS)
@pytest.mark.parametrize(
    ("json_text", "message"),
    [
        (r'"a\u0000b"', NUL_MESSAGE),
        (r'"a\ud800b"', SURROGATE_MESSAGE),
        (r'"\udfff"', SURROGATE_MESSAGE),
    ],
    ids=["nul", "lone-high-surrogate", "lone-low-surrogate"],
)
def test_forbidden_characters_in_json_get_400(world, endpoint, json_text, message):
    before = world.rows()
    template = API_ENDPOINTS[endpoint][2]
    response = api_post(world, endpoint, template % json_text)
    assert_refused(world, response, message, before)


@pytest.mark.parametrize("endpoint", API_ENDPOINTS)
@pytest.mark.parametrize("where", ["whole-body", "inside-a-field"])
def test_json_nested_100000_deep_gets_400(world, endpoint, where):
    before = world.rows()
    body = DEEP_JSON if where == "whole-body" else API_ENDPOINTS[endpoint][2] % DEEP_JSON
    response = api_post(world, endpoint, body)
    assert_refused(world, response, DEPTH_MESSAGE, before)


def test_brackets_inside_strings_do_not_count_as_nesting(world):
    response = api_post(world, "comment", '{"body": "%s"}' % ("[{" * 400))
    assert response.status_code == 201


def test_paired_surrogates_are_ordinary_text(world):
    response = api_post(world, "comment", r'{"body": "Bravo \ud83d\udc4f"}')
    assert response.status_code == 201
    assert Comment.objects.filter(body="Bravo 👏").exists()


def test_nul_in_a_lookup_of_the_api_query_string_gets_400(world):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/consultations/?status=%00")
    assert response.status_code == 400
    assert NUL_MESSAGE in response.json()["detail"]


def test_nul_in_an_api_form_body_gets_400(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.citizen)
    before = world.rows()
    response = client.post(
        reverse("api-consultation-comments", args=[world.consultation.pk]), {"body": NUL}
    )
    assert_refused(world, response, NUL_MESSAGE, before)


def test_nul_in_an_api_token_header_gets_400(world):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        "/api/v1/dossiers/", HTTP_AUTHORIZATION="Token abc\x00def"
    )
    assert response.status_code == 400


# Pages: (who, method, url, data) with NUL where hostile text goes.
PAGES = {
    "search": (None, "get", lambda w: "/recherche/", {"q": NUL}),
    "search-page-number": (None, "get", lambda w: "/recherche/", {"q": "santé", "page": NUL}),
    "comment-form": (
        "citizen",
        "post",
        lambda w: reverse("comment-create", args=[w.consultation.pk]),
        {"body": NUL},
    ),
    "report-form": (
        "citizen",
        "post",
        lambda w: reverse("comment-report", args=[w.comment.pk]),
        {"reason": NUL},
    ),
    "dossier-form": (
        "owner",
        "post",
        lambda w: reverse("workflows:new"),
        {"title": "T", "summary": "S", "pathway": "pecan", "region": NUL},
    ),
    "transition-form": (
        "owner",
        "post",
        lambda w: reverse("workflows:transition", args=[w.dossier.pk, "withdraw"]),
        {"withdraw-comment": NUL},
    ),
    "page-path": (None, "get", lambda w: "/consultations/a%00b/", {}),
}


@pytest.mark.parametrize("page", PAGES)
def test_nul_in_page_input_gets_a_400_page_that_says_why(world, page):
    who, method, url, data = PAGES[page]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who:
        client.force_login(getattr(world, who))
    before = world.rows()
    response = getattr(client, method)(url(world), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert NUL_MESSAGE in html
    assert 'href="/"' in html
    assert world.rows() == before


@pytest.mark.parametrize("query", ['"', 'télé"suivi', '"santé" "'])
def test_search_with_unbalanced_quotes_answers(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert query in response.content.decode().replace("&quot;", '"')
