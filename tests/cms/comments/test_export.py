"""CSV export of a consultation's published comments, without names or contact details."""

import csv
import io

import pytest
from django.urls import reverse

from cms.comments import services
from tests.factories import Role, user_with_role

pytestmark = pytest.mark.django_db


def read_csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def comments(citizen, other_citizen, consultation):
    first = services.post_comment(consultation, citizen, "Premier avis", speaker_category="patient")
    services.post_comment(consultation, other_citizen, '=HYPERLINK("x")', parent=first)
    services.post_comment(consultation, citizen, "Joignable au 06 12 34 56 78")
    return first


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR])
def test_moderators_and_editors_export_published_comments(client, consultation, comments, role):
    client.force_login(user_with_role(role))
    response = client.get(reverse("comment-moderation-export", args=[consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0] == [
        "id",
        "parent_id",
        "created_at",
        "speaker_category",
        "body",
        "score",
        "replies",
        "question_id",
        "question",
    ]
    assert len(rows) == 3
    assert rows[1][0] == str(comments.pk)
    assert rows[1][3:5] == ["patient", "Premier avis"]
    assert rows[2][1] == str(comments.pk)
    assert rows[2][4].startswith("'=")


def test_export_holds_no_personal_data(client, moderator, consultation, comments, citizen):
    client.force_login(moderator)
    content = b"".join(
        client.get(reverse("comment-moderation-export", args=[consultation.pk])).streaming_content
    ).decode()
    for secret in (citizen.email, citizen.username, citizen.last_name, "06 12 34 56 78"):
        assert secret not in content


def test_citizens_cannot_export(client, citizen, consultation):
    client.force_login(citizen)
    response = client.get(reverse("comment-moderation-export", args=[consultation.pk]))
    assert response.status_code in (302, 403)
