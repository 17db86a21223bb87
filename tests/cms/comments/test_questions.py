"""Questions take their own contributions; closed consultations stay readable, with figures."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.comments import services
from cms.models import ConsultationQuestion, SynthesisAnswer
from governance.errors import InvalidInput
from tests.cms.comments.factories import consultation_page
from tests.factories import UserFactory


def _with_questions(**fields):
    page = consultation_page(**fields)
    for text in ("Première question ?", "Seconde question ?"):
        ConsultationQuestion.objects.create(page=page, text=text)
    return page, list(page.questions.all())


def _section(html, key):
    """The HTML of one question's group on the page."""
    start = html.index(f'<section id="question-{key}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def asked(db):
    return _with_questions()


def test_a_reply_answers_the_question_of_its_thread(asked, citizen, other_citizen):
    page, (first, second) = asked
    answer = services.post_comment(page, citizen, "Ma réponse", question=second)
    reply = services.post_comment(page, other_citizen, "Je réponds", parent=answer, question=first)
    assert answer.question == second
    assert reply.question == second


def test_a_question_of_another_consultation_is_refused(asked, citizen):
    page, _questions = asked
    _other, (foreign, _) = _with_questions()
    with pytest.raises(InvalidInput):
        services.post_comment(page, citizen, "Ma réponse", question=foreign)


def test_the_page_shows_an_answer_under_its_question_only(client, asked, citizen):
    page, (first, second) = asked
    answer = services.post_comment(page, citizen, "Réponse à la seconde", question=second)
    general = services.post_comment(page, citizen, "Sur l'ensemble")
    client.force_login(citizen)
    html = client.get(page.url).content.decode()
    assert f'id="commentaire-{answer.pk}"' in _section(html, second.pk)
    assert f'id="commentaire-{answer.pk}"' not in _section(html, first.pk)
    assert f'id="commentaire-{general.pk}"' in _section(html, "general")
    # One form per question, each with its own field ids and the question it answers.
    assert f'name="question" value="{second.pk}"' in _section(html, second.pk)
    assert f'id="id_{second.pk}_body"' in html and f'id="id_{first.pk}_body"' in html


def test_posting_from_a_question_form_lands_next_to_the_comment_with_its_message(
    client, asked, citizen
):
    page, (_first, second) = asked
    client.force_login(citizen)
    response = client.post(
        reverse("comment-create", args=[page.pk]), {"body": "Mon avis", "question": second.pk}
    )
    comment = second.comments.get()
    assert response["Location"].endswith(f"#commentaire-{comment.pk}")
    html = client.get(response["Location"]).content.decode()
    group = _section(html, second.pk)
    message_at = group.index("fr-alert--success")
    assert message_at < group.index(f'id="commentaire-{comment.pk}"') + 200
    top = html[: html.index('id="commentaires"')]
    assert "fr-alert--success" not in top


def test_api_takes_and_lists_the_question(api_as, asked, citizen):
    page, (_first, second) = asked
    url = reverse("api-consultation-comments", args=[page.pk])
    response = api_as(citizen).post(url, {"body": "Par l'API", "question": second.pk})
    assert response.status_code == 201
    assert response.json()["question"] == second.pk
    listed = api_as(citizen).get(url).json()["results"]
    assert listed[0]["question"] == second.pk


def test_api_refuses_a_question_of_another_consultation(api_as, asked, citizen):
    page, _questions = asked
    _other, (foreign, _) = _with_questions()
    url = reverse("api-consultation-comments", args=[page.pk])
    response = api_as(citizen).post(url, {"body": "Par l'API", "question": foreign.pk})
    assert response.status_code == 400
    assert "question" in str(response.json())


def _closed_with_contributions(citizen, other_citizen):
    page, (first, second) = _with_questions()
    one = services.post_comment(
        page, citizen, "Sur la première", question=first, speaker_category="patient"
    )
    services.post_comment(page, other_citizen, "Réponse", parent=one, speaker_category="industry")
    two = services.post_comment(page, citizen, "Sur la seconde", question=second)
    page.opens_at = timezone.now() - timedelta(days=30)
    page.closes_at = timezone.now() - timedelta(days=1)
    page.synthesis_intro = "Beaucoup ont participé."
    page.save()
    answer = SynthesisAnswer.objects.create(
        page=page, theme="Accès", answer="taken_into_account", reason="Retenu."
    )
    answer.contributions.set([two])
    answer.save()
    return page, first, second, one, two


def test_participation_figures_count_contributions_participants_categories_and_questions(
    api_client, citizen, other_citizen
):
    page, first, second, _one, _two = _closed_with_contributions(citizen, other_citizen)
    body = api_client.get(reverse("api-consultation", args=[page.pk])).json()
    assert body["questions"] == [
        {"id": first.pk, "text": first.text},
        {"id": second.pk, "text": second.text},
    ]
    figures = body["participation"]
    assert (figures["contributions"], figures["participants"]) == (3, 2)
    by_category = {
        row["speaker_category"]: row["contributions"] for row in figures["by_speaker_category"]
    }
    assert by_category["patient"] == 1 and by_category["industry"] == 1 and by_category[""] == 1
    by_question = {row["question"]: row["contributions"] for row in figures["by_question"]}
    assert by_question == {first.pk: 2, second.pk: 1, None: 0}


def test_closed_consultation_shows_its_contributions_read_only_with_figures_and_links(
    client, citizen, other_citizen
):
    page, first, _second, one, two = _closed_with_contributions(citizen, other_citizen)
    client.force_login(UserFactory())
    html = client.get(page.url).content.decode()
    assert f'id="commentaire-{one.pk}"' in _section(html, first.pk)
    assert "Aucun commentaire pour l" not in _section(html, first.pk)
    assert reverse("comment-vote", args=[one.pk]) not in html
    assert reverse("comment-reply", args=[one.pk]) not in html
    assert reverse("comment-create", args=[page.pk]) not in html
    assert 'id="participation"' in html
    assert re.search(r"<th scope=\"row\">Première question \?</th><td>2</td><td>2</td>", html)
    assert f'href="#commentaire-{two.pk}"' in html[html.index('id="synthese"') :]


def test_publishing_the_synthesis_emails_each_participant_once_except_who_declined(
    citizen, other_citizen, mailoutbox, django_capture_on_commit_callbacks
):
    declined = UserFactory()
    page, (first, _second) = _with_questions()
    services.post_comment(page, citizen, "Un", question=first)
    services.post_comment(page, citizen, "Deux")
    services.post_comment(page, other_citizen, "Trois")
    services.post_comment(page, declined, "Quatre", synthesis_email=False)
    page.opens_at = timezone.now() - timedelta(days=30)
    page.closes_at = timezone.now() - timedelta(days=1)
    page.synthesis_intro = "Ce que nous retenons."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([citizen.email, other_citizen.email])
    assert page.title in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(mailoutbox) == 2


def test_moderation_form_starts_from_the_most_reported_reason(client, moderator, consultation):
    comment = services.post_comment(consultation, UserFactory(), "Contenu douteux")
    services.report(comment, UserFactory(), "spam")
    services.report(comment, UserFactory(), "offensive")
    services.report(comment, UserFactory(), "offensive")
    client.force_login(moderator)
    html = client.get(reverse("comment-moderation-detail", args=[comment.pk])).content.decode()
    assert re.search(r'<option value="offensive" selected>', html)


def test_editors_link_an_official_answer_to_this_consultations_contributions_only(
    client, citizen, other_citizen
):
    from django.contrib.auth import get_user_model

    page, _first, _second, one, two = _closed_with_contributions(citizen, other_citizen)
    elsewhere = services.post_comment(consultation_page(), citizen, "Ailleurs")
    admin = get_user_model().objects.create_superuser("chef", "chef@example.org", "x")
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    offered = set(re.findall(r'name="synthesis_answers-0-contributions" value="(\d+)"', html))
    assert offered == {str(one.pk), str(two.pk), str(one.replies.get().pk)}
    assert str(elsewhere.pk) not in offered
