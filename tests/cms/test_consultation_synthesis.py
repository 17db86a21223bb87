"""The synthesis, an official answer per theme, is published only once the consultation closed."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import OfficialAnswer
from tests.cms.factories import consultation, consultation_index
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = [
    {"theme": "Interopérabilité", "answer": OfficialAnswer.TAKEN_INTO_ACCOUNT, "reason": "Oui."},
    {"theme": "Financement", "answer": OfficialAnswer.NOT_RETAINED, "reason": "Hors champ."},
]


def test_closed_consultation_shows_its_synthesis_with_official_answers(client):
    page = consultation("closed", answers=ANSWERS, synthesis_intro="Ce que nous avons appris.")
    html = client.get(page.url).content.decode()
    assert 'id="synthese"' in html
    assert "Ce que nous avons appris." in html
    assert "Interopérabilité" in html and "Hors champ." in html
    assert str(OfficialAnswer.TAKEN_INTO_ACCOUNT.label) in html
    assert str(OfficialAnswer.NOT_RETAINED.label) in html


@pytest.mark.parametrize("status", ["open", "upcoming"])
def test_synthesis_is_not_shown_before_closing(client, status):
    page = consultation(status, answers=ANSWERS, synthesis_intro="Ce que nous avons appris.")
    html = client.get(page.url).content.decode()
    assert 'id="synthese"' not in html
    assert "Hors champ." not in html


def test_synthesis_is_kept_in_the_page_revisions():
    page = consultation("closed", answers=ANSWERS)
    revision = page.save_revision()
    restored = revision.as_object()
    assert [answer.theme for answer in restored.synthesis_answers.all()] == [
        "Interopérabilité",
        "Financement",
    ]


def _edit_form_data(page, answers, action):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "opens_at": page.opens_at.strftime("%Y-%m-%d %H:%M"),
            "closes_at": page.closes_at.strftime("%Y-%m-%d %H:%M"),
            "questions": inline_formset([{"text": "Qu'en pensez-vous ?", "details": ""}]),
            "body": streamfield([]),
            "documents": inline_formset([]),
            "recommendations": [],
            "comment_max_length": 1000,
            "synthesis_intro": "Synthèse",
            "synthesis_answers": inline_formset(answers),
            "seo_title": "",
            "search_description": "",
            "listing_intro": "",
        }
    )
    data[action] = "1"
    return data


@pytest.mark.parametrize(("status", "refused"), [("open", True), ("closed", False)])
def test_publishing_a_synthesis_is_refused_until_closing(client, status, refused):
    page = consultation(status)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = f"/admin/pages/{page.pk}/edit/"
    response = client.post(url, _edit_form_data(page, ANSWERS, "action-publish"))
    page.refresh_from_db()
    if refused:
        assert response.status_code == 200
        assert "une fois la consultation close" in response.content.decode()
        assert page.synthesis_answers.count() == 0
    else:
        assert response.status_code == 302
        assert page.synthesis_answers.count() == 2


def test_consultation_index_is_a_live_singleton():
    assert consultation_index().url == "/consultations/"
