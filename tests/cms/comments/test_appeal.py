"""The author of a hidden comment may appeal once; the appeal lands in the moderation queue."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.comments import moderation, services
from cms.models import AppealOutcome, CommentAppeal, CommentState
from governance.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(citizen, consultation, moderator):
    comment = services.post_comment(consultation, citizen, "Mon avis")
    moderation.hide(comment, moderator, "off_topic", "Sans rapport avec la consultation.")
    return comment


def test_author_appeals_once_through_the_page(as_user, citizen, hidden):
    client = as_user(citizen)
    url = reverse("comment-appeal", args=[hidden.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Mon avis porte bien sur la recommandation 3."})
    assert response.status_code == 302
    appeal = CommentAppeal.objects.get(comment=hidden)
    assert appeal.is_open
    assert hidden.moderation_actions.filter(action="appeal").exists()
    again = client.post(url, {"text": "Encore"})
    assert again.status_code == 403
    assert CommentAppeal.objects.count() == 1


def test_only_the_author_may_appeal(as_user, other_citizen, hidden):
    response = as_user(other_citizen).post(
        reverse("comment-appeal", args=[hidden.pk]), {"text": "x"}
    )
    assert response.status_code == 404


def test_published_comment_cannot_be_appealed(citizen, consultation):
    comment = services.post_comment(consultation, citizen, "Publié")
    with pytest.raises(PermissionDenied):
        services.file_appeal(comment, citizen, "Pourquoi ?")


def test_empty_appeal_is_a_form_error(as_user, citizen, hidden):
    response = as_user(citizen).post(reverse("comment-appeal", args=[hidden.pk]), {"text": ""})
    assert response.status_code == 400


def test_appeal_lands_in_the_queue(client, moderator, citizen, hidden):
    services.file_appeal(hidden, citizen, "Merci de revoir")
    client.force_login(moderator)
    html = client.get(reverse("comment-moderation-queue"), {"onglet": "appeals"}).content.decode()
    assert "Mon avis" in html


def test_restoring_grants_the_appeal(citizen, moderator, hidden):
    services.file_appeal(hidden, citizen, "Merci de revoir")
    moderation.restore(hidden, moderator)
    assert CommentAppeal.objects.get().outcome == AppealOutcome.UPHELD
    hidden.refresh_from_db()
    assert hidden.state == CommentState.PUBLISHED


def test_rejecting_the_appeal_keeps_it_hidden_and_tells_the_author(
    citizen, moderator, hidden, mailoutbox, django_capture_on_commit_callbacks
):
    appeal = services.file_appeal(hidden, citizen, "Merci de revoir")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_appeal(appeal, moderator, "Le hors-sujet est confirmé.")
    assert CommentAppeal.objects.get().outcome == AppealOutcome.REJECTED
    hidden.refresh_from_db()
    assert hidden.state == CommentState.HIDDEN
    assert "Le hors-sujet est confirmé." in mailoutbox[0].body
    with pytest.raises(Conflict):
        moderation.reject_appeal(appeal, moderator, "Deux fois")


def test_author_sees_the_hidden_comment_and_the_appeal_link(client, citizen, hidden):
    client.force_login(citizen)
    html = client.get(hidden.consultation.url).content.decode()
    assert "Mon avis" in html
    assert reverse("comment-appeal", args=[hidden.pk]) in html


def test_the_author_reads_on_the_page_where_the_appeal_stands(
    as_user, citizen, moderator, consultation, hidden
):
    client = as_user(citizen)

    def hidden_comment_html():
        html = client.get(consultation.url).content.decode()
        start = html.index(f'id="commentaire-{hidden.pk}"')
        return html[start : html.index("</article>", start)]

    with translation.override("fr"):
        appeal_link = reverse("comment-appeal", args=[hidden.pk])
        assert f'href="{appeal_link}"' in hidden_comment_html()
        appeal = services.file_appeal(hidden, citizen, "Merci de revoir")
        shown = hidden_comment_html()
        assert str(_("Your appeal is being examined.")) in shown
        assert appeal_link not in shown
        moderation.reject_appeal(appeal, moderator, "Le hors-sujet est confirmé.")
        shown = hidden_comment_html()
        assert str(AppealOutcome.REJECTED.label) in shown
        assert str(_("Your appeal is being examined.")) not in shown
    # Nobody else sees the hidden comment, nor its appeal.
    assert (
        f'id="commentaire-{hidden.pk}"'
        not in as_user(moderator).get(consultation.url).content.decode()
    )
