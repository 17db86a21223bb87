"""Reports: one per user per comment, a known reason, three distinct reports hide the comment."""

import pytest
from django.urls import reverse

from cms.comments import services
from cms.models import Comment, CommentReport, CommentState
from governance import public_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(citizen, consultation):
    return services.post_comment(consultation, citizen, "Contenu discutable")


def report_url(comment):
    return reverse("api-comment-reports", args=[comment.pk])


def test_report_is_created(api_as, comment, other_citizen):
    response = api_as(other_citizen).post(report_url(comment), {"reason": "spam"}, format="json")
    assert response.status_code == 201
    assert CommentReport.objects.get().reason == "spam"


def test_three_reports_by_three_users_hide_the_comment(
    api_as, comment, django_capture_on_commit_callbacks
):
    scope = public_cache.consultation_scope(comment.consultation_id)
    before_version, before_purges = public_cache.versions([scope])[scope]
    with django_capture_on_commit_callbacks(execute=True):
        for reason in ("spam", "offensive", "off_topic"):
            response = api_as(UserFactory()).post(
                report_url(comment), {"reason": reason}, format="json"
            )
            assert response.status_code == 201
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    assert comment.hidden_by_reports
    assert comment.moderation_actions.get().action == "auto_hide"
    # Hidden: no visitor may be served the copy that still shows it.
    _version, purges = public_cache.versions([scope])[scope]
    assert purges != before_purges


def test_two_reports_leave_the_comment_published(api_as, comment):
    for _i in range(2):
        api_as(UserFactory()).post(report_url(comment), {"reason": "spam"}, format="json")
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
    assert comment.report_count == 2


def test_second_report_by_the_same_user_does_not_count(api_as, comment, other_citizen):
    client = api_as(other_citizen)
    client.post(report_url(comment), {"reason": "spam"}, format="json")
    for reason in ("offensive", "spam"):
        response = client.post(report_url(comment), {"reason": reason}, format="json")
        assert response.status_code == 409
        assert response.json()["detail"]
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.state == CommentState.PUBLISHED


@pytest.mark.parametrize("payload", [{"reason": "boring"}, {"reason": ""}, {}, {"reason": 3}])
def test_unknown_reason_is_a_400(api_as, comment, other_citizen, payload):
    response = api_as(other_citizen).post(report_url(comment), payload, format="json")
    assert response.status_code == 400
    assert not CommentReport.objects.exists()


def test_hidden_or_unknown_comment_cannot_be_reported(api_as, comment, other_citizen):
    assert (
        api_as(other_citizen)
        .post(reverse("api-comment-reports", args=[999999]), {"reason": "spam"}, format="json")
        .status_code
        == 404
    )
    for _i in range(3):
        services.report(comment, UserFactory(), "spam")
    response = api_as(other_citizen).post(report_url(comment), {"reason": "spam"}, format="json")
    assert response.status_code == 404


def test_anonymous_cannot_report(api_client, comment):
    response = api_client.post(report_url(comment), {"reason": "spam"}, format="json")
    assert response.status_code in (401, 403)


def test_report_through_the_page(as_user, comment, other_citizen):
    client = as_user(other_citizen)
    assert client.get(reverse("comment-report", args=[comment.pk])).status_code == 200
    response = client.post(reverse("comment-report", args=[comment.pk]), {"reason": "offensive"})
    assert response.status_code == 302
    again = client.post(reverse("comment-report", args=[comment.pk]), {"reason": "spam"})
    assert again.status_code == 403
    assert Comment.objects.get(pk=comment.pk).report_count == 1


def test_hidden_comment_leaves_the_public_page(client, comment):
    for _i in range(3):
        services.report(comment, UserFactory(), "spam")
    assert "Contenu discutable" not in client.get(comment.consultation.url).content.decode()
