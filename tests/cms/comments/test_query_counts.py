"""A consultation page and the comments endpoint cost the same queries at 10 and 1,000 comments."""

import re

import pytest
from django.urls import reverse

from cms.comments import selectors
from cms.models import Comment
from tests.cms.comments.factories import published_comments, published_replies
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = [10, 1000]


def fill(consultation, n):
    author, replier = UserFactory(), UserFactory()
    comments = published_comments(consultation, author, n)
    replies = published_replies(comments, replier)
    published_replies(replies[: n // 2], author)
    return comments


@pytest.mark.parametrize("n", SIZES)
def test_consultation_page_for_visitors(client, consultation, n, django_assert_max_num_queries):
    fill(consultation, n)
    client.get("/")  # warms what every later request shares (sites' root paths, content types)
    # The pages along the address, with whether a restriction applies, and the page's own
    # fields (the site kept); its translations, questions, documents and recommendations; the
    # threads counted live (no kept count in a test); every group's threads with their replies
    # and their authors' labels in one query, each group's page of ids a subquery.
    with django_assert_max_num_queries(10):
        response = client.get(consultation.url)
    assert response.status_code == 200
    assert response.content.decode().count('id="commentaire-') >= selectors.THREADS_PER_PAGE


@pytest.mark.parametrize("n", SIZES)
def test_consultation_page_for_a_signed_in_citizen(
    client, citizen, consultation, n, django_assert_max_num_queries
):
    fill(consultation, n)
    client.force_login(citizen)
    client.get("/")  # warms what every later request shares (sites' root paths, content types)
    with django_assert_max_num_queries(17):
        response = client.get(consultation.url + "?tri=plus-discutes&page=2")
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_comment_threads_selector_is_three_queries(
    citizen, consultation, n, django_assert_num_queries
):
    fill(consultation, n)
    # The count; the page's threads with their replies (the page's ids a subquery); the
    # citizen's votes.
    with django_assert_num_queries(3):
        page = selectors.comment_threads(consultation, citizen, selectors.CommentSort.BEST, 2)
        assert all(hasattr(c, "children") for c in page.object_list)
        assert sum(len(c.children) for c in page.object_list) >= 1


@pytest.mark.parametrize("n", SIZES)
def test_comments_endpoint(api_client, consultation, n, django_assert_max_num_queries):
    fill(consultation, n)
    api_client.get("/")  # warms what every later request shares (the site's locale)
    # The consultation, its kept count (none in a test: then a live count), the page's ids,
    # their rows with their authors' labels.
    with django_assert_max_num_queries(5):
        response = api_client.get(reverse("api-consultation-comments", args=[consultation.pk]))
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(50, response.json()["count"])


@pytest.mark.parametrize("n", SIZES)
def test_moderation_queue(client, moderator, consultation, n, django_assert_max_num_queries):
    fill(consultation, n)
    client.force_login(moderator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("comment-moderation-queue"), {"onglet": "all"})
    assert response.status_code == 200
    rows = re.findall(r'href="/admin/commentaires/\d+/"', response.content.decode())
    assert len(rows) == min(50, Comment.objects.count())
