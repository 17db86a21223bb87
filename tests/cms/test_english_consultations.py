"""A consultation translated into English shares its French source's conversation: the same
contributions under the translated questions, posted to the source from either page, one cache
scope, one entry in the API; English search adds the French pages not translated yet."""

import re
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import translation

from cms.comments import services
from cms.models import Comment, ConsultationIndexPage, HomePage
from governance import public_cache
from tests.cms.comments.factories import published_comments
from tests.cms.factories import consultation, translate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUESTIONS_FR = ("Quels services utiliseriez-vous ?", "Quelles garanties attendez-vous ?")
QUESTIONS_EN = {
    QUESTIONS_FR[0]: "Which services would you use?",
    QUESTIONS_FR[1]: "What safeguards do you expect?",
}


def _fr(name, pk):
    with translation.override("fr"):
        return reverse(name, args=[pk])


def _en(name, pk):
    """A comment page's English address (``/en/consultations/commentaires/...``)."""
    with translation.override("en"):
        return reverse(name, args=[pk])


@pytest.fixture
def french(db):
    return consultation(
        title="Espace numérique de santé", slug="ens", questions=QUESTIONS_FR, intro="Donnez."
    )


@pytest.fixture
def english(french):
    translate(HomePage.objects.get(), title="Digital health")
    translate(ConsultationIndexPage.objects.get(), title="Consultations")
    return translate(french, title="Digital health space", intro="Tell us.", **QUESTIONS_EN)


def _section(html, question):
    """The HTML of the threads group of ``question`` (a source question, or ``general``)."""
    start = html.index(f'<section id="question-{getattr(question, "pk", question)}"')
    return html[start : html.index("</section>", start)]


def test_translated_questions_keep_their_source_key(french, english):
    source, translated = list(french.questions.all()), list(english.questions.all())
    assert [q.text for q in translated] == list(QUESTIONS_EN.values())
    assert [q.translation_key for q in translated] == [q.translation_key for q in source]
    assert {q.pk for q in translated}.isdisjoint({q.pk for q in source})
    assert english.conversation_page == french and french.conversation_page == french


def test_english_page_shows_the_french_comments_under_the_translated_question(
    client, french, english
):
    first, second = french.questions.all()
    author = UserFactory()
    services.post_comment(french, author, "Sur la deuxième question", question=second.pk)
    services.post_comment(french, author, "Sur tout", question=None)
    response = client.get(english.url)
    html = response.content.decode()
    assert english.url.startswith("/en/") and '<html lang="en"' in html
    assert "not yet available in English" not in html and 'lang="fr"' not in _main(html)
    assert "<h1>Digital health space</h1>" in html
    assert "Sur la deuxième question" in _section(html, second)
    assert "What safeguards do you expect?" in _section(html, second)
    assert "Sur la deuxième question" not in _section(html, first)
    assert "Sur tout" in _section(html, "general")
    assert "1 discussion" in _section(html, second)


def _main(html):
    return re.search(r"<main[^>]*>", html).group(0)


def test_closed_translation_shows_the_source_figures_and_official_answers(client):
    page = consultation(
        status="closed",
        questions=QUESTIONS_FR,
        answers=[{"theme": "Un guichet", "answer": "taken_into_account", "reason": "Oui."}],
        synthesis_intro="Synthèse.",
    )
    comment = published_comments(page, UserFactory(), 3, question=page.questions.first())[0]
    answer = page.synthesis_answers.get()
    answer.contributions.set([comment])
    answer.save()
    translate(HomePage.objects.get(), title="Digital health")
    translate(ConsultationIndexPage.objects.get(), title="Consultations")
    english = translate(page, synthesis_intro="Synthesis.", **QUESTIONS_EN)
    html = client.get(english.url).content.decode()
    assert "3 contributions from 1 participants." in html
    assert f'href="#commentaire-{comment.pk}"' in html
    assert f'id="commentaire-{comment.pk}"' in html
    assert '<th scope="row">Which services would you use?</th><td>3</td>' in html
    assert '<td lang="fr">Un guichet</td>' in html
    assert "no longer takes comments" in html and "csrfmiddlewaretoken" not in html


def test_posting_from_the_english_page_records_on_the_source_and_comes_back(
    client, french, english
):
    citizen = UserFactory()
    client.force_login(citizen)
    second_source = french.questions.all()[1]
    html = client.get(english.url).content.decode()
    with_prefix = _en("comment-create", english.pk)
    assert with_prefix.startswith("/en/")
    assert f'action="{with_prefix}"' in html
    assert f'name="question" value="{second_source.pk}"' in html
    response = client.post(
        with_prefix, {"body": "Hello from England", "question": second_source.pk}
    )
    comment = Comment.objects.get(body="Hello from England")
    assert comment.consultation_id == french.pk and comment.question_id == second_source.pk
    assert response.status_code == 302
    assert response["Location"] == f"{english.url}#commentaire-{comment.pk}"
    html = client.get(english.url).content.decode()
    assert "Hello from England" in _section(html, second_source)
    assert "Your comment is published." in html
    assert "Hello from England" in _section(client.get(french.url).content.decode(), second_source)


def test_replies_votes_reports_and_edits_from_english_lead_back_to_english(client, french, english):
    comment = services.post_comment(french, UserFactory(), "Premier avis")
    citizen = UserFactory()
    client.force_login(citizen)
    html = client.get(english.url).content.decode()
    back = f"{english.url}#commentaire-"
    for name in ("comment-reply", "comment-vote", "comment-report"):
        assert _en(name, comment.pk) in html
    reply = client.post(_en("comment-reply", comment.pk), {"body": "Agreed"})
    mine = Comment.objects.get(body="Agreed")
    assert mine.consultation_id == french.pk and mine.parent_id == comment.pk
    assert reply["Location"] == f"{back}{mine.pk}"
    vote = client.post(_en("comment-vote", comment.pk), {"value": "up"})
    assert vote["Location"] == f"{back}{comment.pk}"
    report = client.post(_en("comment-report", comment.pk), {"reason": "off_topic"})
    assert report["Location"] == f"{back}{comment.pk}"
    edit_page = client.get(_en("comment-edit", mine.pk))
    assert f'href="{english.url}#commentaires"' in edit_page.content.decode()
    edit = client.post(_en("comment-edit", mine.pk), {"body": "Agreed!"})
    assert edit["Location"] == f"{back}{mine.pk}"
    # From the French page, back to the French page.
    vote = client.post(_fr("comment-vote", comment.pk), {"value": "up"})
    assert vote["Location"] == f"{french.url}#commentaire-{comment.pk}"


def test_the_question_form_page_words_the_question_in_english(client, french, english):
    client.force_login(UserFactory())
    second = french.questions.all()[1]
    url = f"{_en('comment-create', english.pk)}?question={second.pk}"
    html = client.get(url).content.decode()
    assert "Answer the question: What safeguards do you expect?" in html


def test_a_comment_drops_the_english_copy_too(
    client, settings, french, english, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    client.get(english.url)
    assert client.get(english.url)["X-Public-Cache"] == "hit"
    assert public_cache.consultation_scope(french.pk) in english.cache_scopes()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(french, UserFactory(), "Nouveau")
    response = client.get(english.url)
    assert response.get("X-Public-Cache") != "hit"
    client.get(english.url)  # the rebuild claimed by the stale answer's visitor
    assert "Nouveau" in client.get(english.url).content.decode()


def test_the_api_lists_one_consultation_and_its_comments_from_either_id(client, french, english):
    services.post_comment(french, UserFactory(), "Un avis", question=french.questions.first())
    listed = client.get(reverse("api-consultations")).json()["results"]
    assert [row["id"] for row in listed] == [french.pk]
    assert client.get(reverse("api-consultation", args=[english.pk])).status_code == 404
    comments = client.get(reverse("api-consultation-comments", args=[english.pk])).json()
    assert [row["body"] for row in comments["results"]] == ["Un avis"]


def test_posting_through_the_api_on_the_translation_records_on_the_source(french, english, api_as):
    citizen = UserFactory()
    second = french.questions.all()[1]
    response = api_as(citizen).post(
        reverse("api-consultation-comments", args=[english.pk]),
        {"body": "Via the API", "question": second.pk},
        format="json",
    )
    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.consultation_id, comment.question_id) == (french.pk, second.pk)


@pytest.fixture
def api_as():
    from rest_framework.test import APIClient

    def client_for(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return client_for


@pytest.mark.parametrize("n", [10, 200])
def test_english_page_queries_do_not_grow_with_comments(
    client, french, english, n, django_assert_max_num_queries
):
    first, second = french.questions.all()
    author = UserFactory()
    published_comments(french, author, n, question=first)
    published_comments(french, author, n, question=second)
    published_comments(french, author, n)
    # Three groups of threads (two questions, the whole consultation): the same count at any size.
    with django_assert_max_num_queries(21):
        response = client.get(english.url + "?tri=recents&page=2")
    assert response.status_code == 200


def test_english_search_mixes_english_pages_with_untranslated_french_ones(client, french, english):
    other = consultation(title="Formation au numérique", intro="Former les soignants.")
    client.cookies["django_language"] = "en"
    html = client.get("/recherche/", {"q": "Digital health space"}).content.decode()
    assert f'href="{english.url}"' in html and f'href="{french.url}"' not in html
    # A French page translated into English is found through its translation only; an
    # untranslated one is found in French, and marked so.
    html = client.get("/recherche/", {"q": "numérique"}).content.decode()
    assert f'href="{other.url}"' in html
    item = html[html.index(f'href="{other.url}"') - 300 : html.index(f'href="{other.url}"')]
    assert 'lang="fr"' in item
    html = client.get("/recherche/", {"q": "santé"}).content.decode()
    assert f'href="{french.url}"' not in html


def test_french_search_is_unchanged(client, french, english):
    html = client.get("/recherche/", {"q": "Espace numérique"}).content.decode()
    assert f'href="{french.url}"' in html and english.url not in html
    assert 'lang="fr"' not in html.split("<main", 1)[1]


@pytest.mark.parametrize("n", [2, 25])
def test_english_search_queries_do_not_grow_with_results(
    client, french, english, n, django_assert_max_num_queries
):
    for number in range(n):
        consultation(title=f"Consultation numérique {number}", slug=f"numerique-{number}")
    client.cookies["django_language"] = "en"
    client.get("/recherche/", {"q": "numérique"})  # warms the site-root cache
    # One search for English and untranslated French pages: a count and a page of results.
    with django_assert_max_num_queries(7):
        response = client.get("/recherche/", {"q": "numérique", "page": 2 if n > 10 else 1})
    assert response.status_code == 200 and 'lang="fr"' in response.content.decode()


def test_the_migration_links_copied_questions_to_their_source_by_place(french, english):
    from importlib import import_module

    from django.apps import apps

    from cms.models import ConsultationQuestion

    migration = import_module("cms.migrations.0013_translatable_questions")
    # As before the migration: the translation's rows were copies with keys of their own.
    for question in english.questions.all():
        ConsultationQuestion.objects.filter(pk=question.pk).update(translation_key=uuid4())
    migration.link_questions(apps, None)
    # In the migration's order: place on the page, then creation (sort_order may be empty).
    place = ("sort_order", "pk")
    source = list(french.questions.order_by(*place).values_list("translation_key", "locale_id"))
    translated = list(
        english.questions.order_by(*place).values_list("translation_key", "locale_id")
    )
    assert [key for key, _ in translated] == [key for key, _ in source]
    assert {locale for _, locale in translated} == {english.locale_id}
    assert {locale for _, locale in source} == {french.locale_id}
    english = type(english).objects.get(pk=english.pk)
    assert [q.text for q in english.conversation_questions()] == list(QUESTIONS_EN.values())


def test_a_question_not_yet_translated_is_marked_as_french(client, french):
    translate(HomePage.objects.get(), title="Digital health")
    translate(ConsultationIndexPage.objects.get(), title="Consultations")
    english = translate(
        french,
        title="Digital health space",
        intro="Tell us.",
        **{QUESTIONS_FR[1]: QUESTIONS_EN[QUESTIONS_FR[1]]},
    )
    english.questions.filter(text=QUESTIONS_FR[0]).delete()  # as before the translation synced
    html = client.get(english.url).content.decode()
    assert f'<span lang="fr">{QUESTIONS_FR[0]}</span>' in html
    assert "What safeguards do you expect?" in html
    assert '<span lang="fr">What safeguards' not in html
