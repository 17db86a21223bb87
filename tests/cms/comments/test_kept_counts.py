"""A visitor's first visit reads a consultation's counts from one kept row, counted again after
every change a visitor can see."""

import io
from functools import partial

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cms.comments import counts, moderation, selectors, services
from cms.models import (
    Comment,
    CommentState,
    ConsultationQuestion,
    ConversationCount,
    ModerationReason,
)
from tests.cms.comments.factories import consultation_page, published_comments
from tests.factories import UserFactory
from tests.races import race

pytestmark = pytest.mark.django_db


def _kept(consultation):
    row = ConversationCount.objects.get(consultation=consultation)
    return row.published, row.threads


def test_each_visible_change_counts_the_consultation_again(
    consultation, citizen, other_citizen, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.post_comment(consultation, citizen, "Un premier avis")
    assert _kept(consultation) == (1, {"": 1})
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(consultation, other_citizen, "Une réponse", parent=first)
    assert _kept(consultation) == (2, {"": 1})
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(first, moderator, ModerationReason.OFF_TOPIC, "Hors sujet.")
    # Hidden, its thread stays in place for the published reply under it.
    assert _kept(consultation) == (1, {"": 1})
    with django_capture_on_commit_callbacks(execute=True):
        moderation.restore(first, moderator)
    assert _kept(consultation) == (2, {"": 1})


def test_a_visitor_reads_the_kept_counts_in_one_query(
    client, api_client, consultation, citizen, django_assert_num_queries
):
    question = ConsultationQuestion.objects.create(
        page=consultation, text="Quels usages ?", locale=consultation.locale
    )
    published_comments(consultation, citizen, 3)
    published_comments(consultation, citizen, 2, question=question)
    counts.count_again(consultation.pk)
    anonymous = client.get("/").wsgi_request.user
    with django_assert_num_queries(1):
        found, stamp = selectors.thread_counts(consultation, anonymous)
    assert found == {None: 3, question.pk: 2}
    assert stamp == ConversationCount.objects.get(consultation=consultation).counted_at
    body = api_client.get(reverse("api-consultation-comments", args=[consultation.pk])).json()
    assert body["count"] == 5


def test_kept_counts_are_what_a_live_count_finds(consultation, citizen, other_citizen):
    comments = published_comments(consultation, citizen, 4)
    services.post_comment(consultation, other_citizen, "Une réponse", parent=comments[0])
    anonymous = type("Anonymous", (), {"is_authenticated": False})()
    live, unknown = selectors.thread_counts(consultation, anonymous)
    live_published = counts.published_count(consultation.pk)
    counts.count_again(consultation.pk)
    kept, stamp = selectors.thread_counts(consultation, anonymous)
    assert kept == live == {None: 4}
    assert unknown is None and stamp is not None
    assert counts.published_count(consultation.pk) == live_published == 5


def test_a_signed_in_reader_counts_their_own_waiting_comment(client, consultation, citizen):
    published_comments(consultation, UserFactory(), 2)
    counts.count_again(consultation.pk)
    waiting = services.post_comment(consultation, citizen, "Mon avis")
    Comment.objects.filter(pk=waiting.pk).update(state=CommentState.PENDING)
    assert selectors.thread_counts(consultation, citizen) == ({None: 3}, None)
    anonymous = client.get("/").wsgi_request.user
    assert selectors.thread_counts(consultation, anonymous)[0][None] == 2


def test_the_command_counts_every_consultation_with_comments(consultation, citizen):
    published_comments(consultation, citizen, 3)
    other = consultation_page()
    published_comments(other, citizen, 1)
    out = io.StringIO()
    call_command("count_comments", stdout=out)
    assert _kept(consultation) == (3, {"": 3})
    assert _kept(other) == (1, {"": 1})
    assert "2 consultations counted: 4 published comments" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comments_posted_at_the_same_instant_are_all_counted():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    consultation = consultation_page()
    authors = [UserFactory() for _ in range(4)]
    outcomes = race(
        *(partial(services.post_comment, consultation, author, "Un avis") for author in authors)
    )
    assert outcomes == ["ok"] * 4
    assert _kept(consultation) == (4, {"": 4})
