"""Deep pages of a consultation's comments: the same rows as a plain page read, found from an
index (the ids of the page first, then their rows), so the middle of 200,000 comments costs a
walk along the index rather than a read of every comment before it."""

import random

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.comments import selectors
from cms.models import Comment, CommentState, ConsultationQuestion
from tests.cms.comments.factories import consultation_page, published_comments, published_replies
from tests.conftest import rows_for_the_module
from tests.factories import UserFactory
from tests.query_plans import plan_nodes

pytestmark = pytest.mark.django_db


def _shuffle_scores(comments):
    rng = random.Random(7)  # noqa: S311 (test data)
    for comment in comments:
        comment.upvotes = rng.randrange(5)
        comment.score = comment.upvotes
    Comment.objects.bulk_update(comments, ["upvotes", "score"])


@pytest.mark.parametrize("sort", list(selectors.CommentSort))
def test_every_page_holds_what_a_plain_page_holds(consultation, citizen, other_citizen, sort):
    comments = published_comments(consultation, other_citizen, 47)
    _shuffle_scores(comments)
    published_replies(comments[::3], UserFactory())
    Comment.objects.filter(pk=comments[5].pk).update(state=CommentState.HIDDEN)
    reference = Paginator(
        Comment.objects.filter(consultation=consultation, depth=1)
        .filter(selectors.visible_to(citizen))
        .order_by(*selectors.SORT_ORDER[sort]),
        selectors.THREADS_PER_PAGE,
    )
    assert reference.num_pages == 3
    for number in reference.page_range:
        page = selectors.comment_threads(consultation, citizen, sort, number)
        assert [c.pk for c in page.object_list] == [c.pk for c in reference.page(number)]
        assert page.paginator.count == reference.count == 46


@pytest.mark.parametrize("sort", list(selectors.CommentSort))
def test_groups_read_together_each_hold_their_own_page(consultation, citizen, sort):
    """The threads of every question, each group on its own page, come from one read: each
    group holds what a plain page of its question alone holds, with its replies."""
    questions = [
        ConsultationQuestion.objects.create(
            page=consultation, text=text, locale=consultation.locale
        )
        for text in ("Quels usages ?", "Quelles limites ?")
    ]
    sizes = {questions[0]: 45, questions[1]: 7, None: 30}
    for question, n in sizes.items():
        comments = published_comments(consultation, citizen, n, question=question)
        _shuffle_scores(comments)
        published_replies(comments[::4], UserFactory())
    numbers = {questions[0]: 3, questions[1]: 1, None: 2}
    groups = [(question, numbers[question], None) for question in sizes]
    with CaptureQueriesContext(connection) as captured:
        pages = selectors.thread_pages(consultation, citizen, sort, groups)
    threads_read = [q for q in captured if "thread_id" in q["sql"]]
    assert len(threads_read) == 1
    for (question, number, _count), page in zip(groups, pages, strict=True):
        reference = Paginator(
            Comment.objects.filter(consultation=consultation, depth=1, question=question)
            .filter(selectors.visible_to(citizen))
            .order_by(*selectors.SORT_ORDER[sort]),
            selectors.THREADS_PER_PAGE,
        ).page(number)
        assert page.number == number
        assert page.paginator.count == sizes[question]
        assert [c.pk for c in page.object_list] == [c.pk for c in reference]
        for thread in page.object_list:
            assert [r.pk for r in thread.children] == list(
                Comment.objects.filter(parent_id=thread.pk).values_list("pk", flat=True)
            )


def test_any_question_reads_alone(consultation, citizen):
    with pytest.raises(ValueError, match="ANY_QUESTION"):
        selectors.thread_pages(
            consultation,
            citizen,
            selectors.CommentSort.OLDEST,
            [(selectors.ANY_QUESTION, 1, None), (None, 1, None)],
        )


def test_the_api_reads_the_same_deep_page(api_client, consultation, citizen):
    comments = published_comments(consultation, citizen, 130)
    url = reverse("api-consultation-comments", args=[consultation.pk])
    body = api_client.get(url, {"page": 3}).json()
    assert body["count"] == 130
    assert [row["id"] for row in body["results"]] == [c.pk for c in comments[100:]]
    assert api_client.get(url, {"page": 4}).status_code == 404


def test_a_page_past_the_middle_is_read_from_the_end(api_client, consultation, citizen):
    """The last page reads its ids in the reverse order from the end of the list (no rows
    skipped), and shows them in the list's order."""
    comments = published_comments(consultation, citizen, 130)
    url = reverse("api-consultation-comments", args=[consultation.pk])
    with CaptureQueriesContext(connection) as captured:
        body = api_client.get(url, {"page": 3}).json()
    assert [row["id"] for row in body["results"]] == [c.pk for c in comments[100:]]
    ids_first = 'SELECT "cms_comment"."id" AS "pk"'
    (ids,) = [q["sql"] for q in captured if q["sql"].startswith(ids_first)]
    assert "OFFSET" not in ids
    assert '"created_at" DESC' in ids


COMMENTS = 20_000


@pytest.fixture(scope="module")
def crowded(django_db_setup, django_db_blocker):
    """20,000 comments on one consultation (a third of them replies), statistics refreshed."""
    with rows_for_the_module(django_db_blocker):
        if connection.vendor != "postgresql":
            pytest.skip("Query plans are PostgreSQL's")
        consultation = consultation_page()
        author = UserFactory()
        threads = published_comments(consultation, author, COMMENTS * 2 // 3)
        published_replies(threads[: COMMENTS // 3], UserFactory())
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{Comment._meta.db_table}"')
        yield consultation


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("path", "index"),
    [
        ("api", "comment_published_by_date"),
        ("?page=300", "comment_thread_by_date"),
        ("?tri=recents&page=300", "comment_thread_by_date"),
        ("?tri=mieux-notes&page=300", "comment_thread_by_score"),
        ("?tri=plus-discutes&page=300", "comment_thread_by_replies"),
    ],
)
def test_a_deep_page_walks_an_index_in_order(client, api_client, crowded, path, index):
    """The ids of a page in the middle come from walking the list's index in its order: no
    sort of the consultation's comments, no scan of the table. (The comments API reads them
    first; the page reads them as the subquery of its one read of the threads and replies.)"""
    if path == "api":
        url = reverse("api-consultation-comments", args=[crowded.pk]) + "?page=150"
        browser, marker = api_client, 'SELECT "cms_comment"."id" AS "pk"'
    else:
        url, browser, marker = crowded.url + path, client, '"thread_id" IN (SELECT'
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    reads = [q["sql"] for q in captured if marker in q["sql"]]
    assert len(reads) == 1
    for sql in reads:
        # The walk reads the comments alone: a join (an author's label) would be paid on every
        # row walked, where the page's rows alone need it.
        walk = sql[sql.index(marker) :]
        assert " JOIN " not in walk, sql
        nodes = plan_nodes(sql, seqscan=False)
        # At most one sort, last: the page's own rows, put in the order of the threads.
        assert not any(node.type == "Sort" for node in nodes[1:]), (sql, nodes)
        assert any(node.type.startswith("Index") and node.index == index for node in nodes), nodes


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("path", "index"),
    [("api", "comment_published_count"), ("page", "comment_visible_thread_count")],
)
def test_a_visitors_counts_read_a_narrow_index(client, api_client, crowded, path, index):
    """The counts of a first visit read an index of one or two columns, not the table."""
    if path == "api":
        url, browser = reverse("api-consultation-comments", args=[crowded.pk]), api_client
    else:
        url, browser = crowded.url, client
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "cms_comment" in q["sql"]]
    # (The threads here answer no question: the count by question has no row to read.)
    counts = [sql for sql in counts if "GROUP BY" not in sql]
    assert counts
    for sql in counts:
        # (An index-only scan once vacuumed; a bitmap scan of it inside the test's transaction.)
        assert index in {node.index for node in plan_nodes(sql, seqscan=False)}, sql
