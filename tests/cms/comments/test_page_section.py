"""The consultation page shows its comments to everyone and the form to those who may write."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.comments import selectors, services
from cms.models import Comment, ConsultationQuestion
from tests.cms.comments.factories import published_comments
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_reads_and_is_invited_to_sign_in(client, citizen, consultation):
    services.post_comment(consultation, citizen, "Visible de tous")
    html = client.get(consultation.url).content.decode()
    assert "Visible de tous" in html
    assert reverse("comment-create", args=[consultation.pk]) not in html
    assert "/accounts/login/" in html
    assert "csrfmiddlewaretoken" not in html


def test_signed_in_citizen_gets_the_form(client, citizen, consultation):
    client.force_login(citizen)
    html = client.get(consultation.url).content.decode()
    assert reverse("comment-create", args=[consultation.pk]) in html
    assert '<label class="fr-label" for="id_general_body">' in html


def test_unconfirmed_citizen_is_told_to_confirm(client, consultation):
    client.force_login(UserFactory(verified_email=False))
    html = client.get(consultation.url).content.decode()
    assert reverse("comment-create", args=[consultation.pk]) not in html
    assert "Confirmez votre adresse" in html


def test_closed_consultation_shows_why_there_is_no_form(client, citizen, closed_consultation):
    client.force_login(citizen)
    html = client.get(closed_consultation.url).content.decode()
    assert reverse("comment-create", args=[closed_consultation.pk]) not in html
    assert "fermée" in html


def test_upcoming_consultation_says_when_it_opens(client, citizen, upcoming_consultation):
    client.force_login(citizen)
    html = client.get(upcoming_consultation.url).content.decode()
    assert "pas encore ouverte" in html


def test_speaker_category_and_interest_are_shown(client, citizen, consultation):
    services.post_comment(
        consultation,
        citizen,
        "Avis",
        speaker_category="health_professional",
        declared_interest="Consultant pour un laboratoire",
    )
    html = client.get(consultation.url).content.decode()
    assert "Professionnel de santé" in html
    assert "Consultant pour un laboratoire" in html


@pytest.mark.parametrize(
    ("sort", "expected_first"),
    [("anciens", "old"), ("recents", "new"), ("mieux-notes", "liked"), ("plus-discutes", "busy")],
)
def test_sorts(citizen, consultation, sort, expected_first):
    now = timezone.now()
    for name, age, score, replies in [
        ("old", 4, 0, 0),
        ("liked", 3, 5, 0),
        ("busy", 2, 0, 7),
        ("new", 1, 0, 0),
    ]:
        published_comments(
            consultation,
            citizen,
            1,
            body=name,
            score=score,
            upvotes=score,
            reply_count=replies,
        )
        Comment.objects.filter(body=name).update(created_at=now - timedelta(hours=age))
    page = selectors.comment_threads(consultation, citizen, sort)
    assert page.object_list[0].body == expected_first


def test_threads_are_paginated(client, citizen, consultation):
    published_comments(consultation, citizen, selectors.THREADS_PER_PAGE + 5)
    first = client.get(consultation.url).content.decode()
    second = client.get(consultation.url + "?page=2").content.decode()
    assert first.count('id="commentaire-') == selectors.THREADS_PER_PAGE
    assert second.count('id="commentaire-') == 5
    assert "fr-pagination" in first


def test_each_groups_pages_are_named_apart_and_keep_its_place(client, citizen, consultation):
    question = ConsultationQuestion.objects.create(
        page=consultation, text="Quels usages ?", locale=consultation.locale
    )
    more = selectors.THREADS_PER_PAGE + 1
    published_comments(consultation, citizen, more)
    published_comments(consultation, citizen, more, question=question)
    html = client.get(consultation.url).content.decode()
    labels = re.findall(
        r'<nav role="navigation" class="fr-pagination[^"]*" aria-label="([^"]+)"', html
    )
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert (
        f'href="?tri=anciens&amp;question={question.pk}&amp;page=2#question-{question.pk}"' in html
    )
    assert 'href="?tri=anciens&amp;question=general&amp;page=2#question-general"' in html
