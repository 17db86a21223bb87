"""Empty, over-long or malformed input gets a 4xx with a message, never a 500."""

import pytest
from django.urls import reverse

from cms.comments import services
from cms.models import Comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"body": ""},
        {"body": "   \n  "},
        {"body": "a" * 1001},
        {"body": "a" * 200_000},
        {"body": None},
        {"body": ["liste"]},
        {"body": {"objet": 1}},
        {"body": True},
        {"body": "ok", "parent": "abc"},
        {"body": "ok", "parent": -1},
        {"body": "ok", "parent": 10**30},
        {"body": "ok", "parent": [1]},
        {"body": "ok", "speaker_category": ["patient"]},
        {"body": "ok", "declared_interest": "x" * 301},
    ],
)
def test_bad_json_payloads_are_4xx(api_as, citizen, consultation, payload):
    response = api_as(citizen).post(
        reverse("api-consultation-comments", args=[consultation.pk]), payload, format="json"
    )
    assert 400 <= response.status_code < 500
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[1, 2]", "application/json"),
        ('"a string"', "application/json"),
        ("\x00\xff", "application/octet-stream"),
    ],
)
def test_malformed_bodies_are_4xx(api_as, citizen, consultation, body, content_type):
    response = api_as(citizen).generic(
        "POST",
        reverse("api-consultation-comments", args=[consultation.pk]),
        body,
        content_type=content_type,
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("payload", ["{bad", "[]", "null", '{"reason": null}'])
def test_malformed_reports_are_4xx(api_as, citizen, other_citizen, consultation, payload):
    comment = services.post_comment(consultation, citizen, "Cible")
    response = api_as(other_citizen).generic(
        "POST",
        reverse("api-comment-reports", args=[comment.pk]),
        payload,
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "data", [{}, {"body": ""}, {"body": "a" * 1001}, {"body": "ok", "speaker_category": "x"}]
)
def test_bad_page_forms_are_400_with_the_error_linked(as_user, citizen, consultation, data):
    response = as_user(citizen).post(reverse("comment-create", args=[consultation.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "-erreur" in html
    assert not Comment.objects.exists()


def test_unknown_consultation_and_comment_are_404(as_user, api_as, citizen):
    assert (
        api_as(citizen)
        .post(reverse("api-consultation-comments", args=[999999]), {"body": "x"}, format="json")
        .status_code
        == 404
    )
    client = as_user(citizen)
    assert client.post(reverse("comment-create", args=[999999]), {"body": "x"}).status_code == 404
    assert client.post(reverse("comment-reply", args=[999999]), {"body": "x"}).status_code == 404


def test_unknown_page_number_and_sort_fall_back(client, citizen, consultation):
    services.post_comment(consultation, citizen, "Un")
    for query in ("?page=abc", "?page=999", "?tri=<script>", "?page=-1&tri=mieux-notes"):
        response = client.get(consultation.url + query)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split('id="commentaires"')[-1]
