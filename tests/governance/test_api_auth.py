import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_token_for_valid_credentials_then_usable(api_client):
    UserFactory(username="camille", password="s3cret-pass")
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "camille", "password": "s3cret-pass"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [{"username": "camille", "password": "wrong"}, {"username": "nobody", "password": "x"}, {}],
)
def test_wrong_or_missing_credentials_give_400(api_client, payload):
    UserFactory(username="camille", password="s3cret-pass")
    response = api_client.post("/api/v1/auth/token/", payload, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_endpoint_is_throttled(api_client):
    for _attempt in range(10):
        api_client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json"
    )
    assert response.status_code == 429


def test_schema_is_openapi_3_as_json(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in document["paths"]


def test_schema_defaults_to_yaml(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_schema_documents_the_password_an_account_deletion_reads(client):
    document = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    body = document["paths"]["/api/v1/me/"]["delete"]["requestBody"]
    assert body["required"] is False
    reference = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "password" in document["components"]["schemas"][reference]["properties"]


def test_schema_documents_the_answer_to_a_body_the_api_cannot_read(client):
    document = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    token = document["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "415" in token and "400" in token
    history = document["paths"]["/api/v1/dossiers/{id}/history/"]["get"]["responses"]
    assert "400" in history  # the input guard refuses a NUL in any query string
