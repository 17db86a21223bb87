"""DSFR error pages for 403, 404, 500 and 503 (JSON under /api/), in French by default and in
English; the database being unreachable answers 503, drawn without a single query."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from governance.views import errors
from tests.factories import UserFactory


def english_client(**kwargs):
    return Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)


def assert_dsfr_error_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="fr-header"' in html and 'class="fr-footer"' in html
    assert f"<h1>{heading}</h1>" in html
    assert f"Error {status}" in html
    assert '<a class="fr-btn" href="/">Home page</a>' in html


@pytest.mark.django_db
def test_unknown_page_gets_the_dsfr_404_page():
    assert_dsfr_error_page(english_client().get("/no-such-page/"), 404, "Page not found")


@pytest.mark.django_db
def test_error_pages_are_french_by_default():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_page_you_may_not_open_gets_the_dsfr_403_page():
    client = english_client()
    client.force_login(UserFactory())
    assert_dsfr_error_page(client.get("/dossiers/nouveau/"), 403, "Access refused")


@pytest.mark.django_db
def test_unknown_api_address_answers_json_404():
    response = english_client().get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_gets_the_dsfr_403_page():
    response = english_client(enforce_csrf_checks=True).post("/accounts/login/", {})
    assert_dsfr_error_page(response, 403, "Access refused")
    assert "your session has expired" in response.content.decode()


@pytest.mark.django_db
def test_a_post_under_the_api_refused_by_csrf_answers_json_403():
    client = english_client(enforce_csrf_checks=True)
    response = client.post("/api/v1/consultations/false/comments/", {"body": "x"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "your session has expired" in response.json()["detail"]


def test_500_page_is_drawn_without_the_database():
    """No ``db`` fixture: any query would fail this test."""
    request = RequestFactory().get("/")
    response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'class="fr-header"' in html and "Erreur 500" in html and 'href="/"' in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_503_page_is_drawn_without_the_database(error):
    request = RequestFactory().get("/consultations/")
    try:
        raise error("connection refused")
    except error:
        response = errors.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Erreur 503" in response.content.decode()


@pytest.fixture
def database_down(db):
    """Every query fails as it does when the database server is unreachable."""
    failure = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=failure):
        yield


def test_pages_answer_503_when_the_database_is_down(database_down):
    response = english_client(raise_request_exception=False).get("/consultations/")
    assert_dsfr_error_page(response, 503, "Service unavailable")
    assert response["Retry-After"] == "30"


def test_api_answers_json_503_when_the_database_is_down(database_down):
    response = english_client(raise_request_exception=False).get("/api/v1/recommendations/")
    assert response.status_code == 503
    assert "database" in response.json()["detail"]
    assert response["Retry-After"] == "30"


def test_healthz_says_the_database_is_down(database_down):
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
