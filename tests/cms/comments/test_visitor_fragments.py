"""A visitor's threads are drawn once per process and per state: the page rebuilt after a
change draws only what changed, and never shows a thread as it was before."""

import pytest

from cms.comments import moderation, services
from cms.models import ModerationReason
from cms.templatetags.comments import VISITOR_THREADS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_fragments():
    VISITOR_THREADS.clear()
    yield
    VISITOR_THREADS.clear()


@pytest.fixture
def thread(consultation, citizen, other_citizen):
    comment = services.post_comment(consultation, citizen, "Un avis sur le dossier patient")
    services.post_comment(consultation, other_citizen, "Une réponse", parent=comment)
    return comment


def _page(client, consultation):
    response = client.get(consultation.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_thread_is_drawn_once_for_every_visitor(client, consultation, thread):
    first = _page(client, consultation)
    assert len(VISITOR_THREADS._items) == 1
    drawn = []
    original = VISITOR_THREADS.get_or_render
    VISITOR_THREADS.get_or_render = lambda key, render: original(
        key, lambda: drawn.append(key) or render()
    )
    try:
        services.post_comment(consultation, thread.author, "Un second avis")  # drops the page
        second = _page(client, consultation)
    finally:
        del VISITOR_THREADS.get_or_render
    assert len(drawn) == 1  # the new thread only
    assert "Un second avis" in second
    assert first.count("Une réponse") == second.count("Une réponse") == 1


def test_a_vote_shows_at_once(client, consultation, thread, other_citizen):
    assert "0 d'accord, 0 pas d'accord" in _page(client, consultation)
    services.vote(thread, other_citizen, 1)
    assert "1 d'accord, 0 pas d'accord" in _page(client, consultation)


def test_a_hidden_reply_leaves_the_visitors_page(client, consultation, thread, moderator):
    assert "Une réponse" in _page(client, consultation)
    reply = thread.replies.get()
    moderation.hide(reply, moderator, ModerationReason.values[0], "Hors sujet")
    assert "Une réponse" not in _page(client, consultation)


def test_signed_in_readers_get_their_own_drawing(client, consultation, thread, other_citizen):
    client.force_login(other_citizen)
    page = _page(client, consultation)
    assert "Un avis sur le dossier patient" in page
    assert not VISITOR_THREADS._items
