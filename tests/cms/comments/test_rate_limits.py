"""A burst of posts or reports by one user meets 429 with a message, on the API and the pages."""

import pytest
from django.urls import reverse

from cms.comments import services
from cms.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_burst_of_posts_on_the_api_meets_429(api_as, citizen, consultation):
    client = api_as(citizen)
    url = reverse("api-consultation-comments", args=[consultation.pk])
    statuses = [
        client.post(url, {"body": f"Message {i}"}, format="json").status_code for i in range(7)
    ]
    assert statuses[:5] == [201] * 5
    assert statuses[5:] == [429, 429]
    assert Comment.objects.count() == 5


def test_throttle_is_per_user(api_as, citizen, other_citizen, consultation):
    url = reverse("api-consultation-comments", args=[consultation.pk])
    for i in range(5):
        api_as(citizen).post(url, {"body": f"Message {i}"}, format="json")
    assert api_as(other_citizen).post(url, {"body": "À moi"}, format="json").status_code == 201


def test_reading_is_not_throttled(api_client, consultation):
    url = reverse("api-consultation-comments", args=[consultation.pk])
    assert {api_client.get(url).status_code for _i in range(12)} == {200}


def test_burst_of_posts_on_the_page_meets_429_with_a_message(as_user, citizen, consultation):
    client = as_user(citizen)
    url = reverse("comment-create", args=[consultation.pk])
    statuses = [client.post(url, {"body": f"Message {i}"}).status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]
    response = client.post(url, {"body": "Encore"})
    assert response.status_code == 429
    assert "patienter" in response.content.decode() or "attendez" in response.content.decode()


def test_page_and_api_posts_share_one_budget(as_user, api_as, citizen, consultation):
    page = as_user(citizen)
    api = api_as(citizen)
    page_url = reverse("comment-create", args=[consultation.pk])
    api_url = reverse("api-consultation-comments", args=[consultation.pk])
    statuses = [
        page.post(page_url, {"body": "Page 1"}).status_code,
        api.post(api_url, {"body": "API 1"}, format="json").status_code,
        page.post(page_url, {"body": "Page 2"}).status_code,
        api.post(api_url, {"body": "API 2"}, format="json").status_code,
        page.post(page_url, {"body": "Page 3"}).status_code,
    ]
    assert statuses == [302, 201, 302, 201, 302]
    assert api.post(api_url, {"body": "API 3"}, format="json").status_code == 429
    assert page.post(page_url, {"body": "Page 4"}).status_code == 429
    assert Comment.objects.count() == 5


def test_burst_of_reports_on_the_api_meets_429(api_as, citizen, consultation):
    reporter = api_as(citizen)
    comments = [services.post_comment(consultation, UserFactory(), f"C{i}") for i in range(11)]
    statuses = [
        reporter.post(
            reverse("api-comment-reports", args=[c.pk]), {"reason": "spam"}, format="json"
        ).status_code
        for c in comments
    ]
    assert statuses[:10] == [201] * 10
    assert statuses[10] == 429
