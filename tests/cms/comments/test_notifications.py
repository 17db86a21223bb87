"""Emails through django.tasks: a reply to your comment, a moderation decision on it."""

import pytest

from cms.comments import moderation, services
from tests.cms.comments.factories import consultation_page

pytestmark = pytest.mark.django_db


def test_reply_notifies_the_parent_author(
    citizen, other_citizen, consultation, mailoutbox, django_capture_on_commit_callbacks
):
    parent = services.post_comment(consultation, citizen, "Question ?")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(consultation, other_citizen, "Réponse !", parent=parent)
    (mail,) = mailoutbox
    assert mail.to == [citizen.email]
    assert consultation.title in mail.subject
    assert "Réponse !" in mail.body


def test_replying_to_oneself_sends_nothing(
    citizen, consultation, mailoutbox, django_capture_on_commit_callbacks
):
    parent = services.post_comment(consultation, citizen, "Question ?")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(consultation, citizen, "Précision", parent=parent)
    assert mailoutbox == []


def test_reply_waiting_for_moderation_notifies_only_once_published(
    citizen, other_citizen, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = consultation_page(premoderation=True)
    parent = services.post_comment(consultation, citizen, "Question ?")
    moderation.publish(parent, moderator)
    parent.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_comment(consultation, other_citizen, "Réponse", parent=parent)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish(reply, moderator)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([citizen.email, other_citizen.email])


def test_reports_hiding_a_comment_tell_its_author(
    citizen, consultation, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    comment = services.post_comment(consultation, citizen, "Avis")
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(3):
            services.report(comment, UserFactory(), "spam")
    (mail,) = mailoutbox
    assert mail.to == [citizen.email]
