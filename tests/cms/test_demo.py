"""The CMS demo: recommendation bodies, an open, a closed (with synthesis) and an upcoming
consultation, the report's pages in English; a second run creates nothing."""

import io

import pytest
from wagtail.models import Page

from cms import demo
from cms.comments.demo import CITIZENS
from cms.models import AxisPage, ConsultationPage, ConsultationStatus, HomePage, RecommendationPage
from governance.demo import DEMO_USERS, demo_user

pytestmark = pytest.mark.django_db


def test_demo_seeds_consultations_of_each_status_and_is_idempotent(client):
    demo.seed(io.StringIO())
    counts = (ConsultationPage.objects.count(), RecommendationPage.objects.count())
    demo.seed(io.StringIO())
    assert (ConsultationPage.objects.count(), RecommendationPage.objects.count()) == counts
    statuses = {page.status for page in ConsultationPage.objects.live()}
    assert statuses == set(ConsultationStatus)
    closed = ConsultationPage.objects.with_status(ConsultationStatus.CLOSED).get()
    html = client.get(closed.url).content.decode()
    assert 'id="synthese"' in html
    assert closed.synthesis_answers.count() >= 2
    assert RecommendationPage.objects.get(recommendation__number=8, locale__language_code="fr").body


def test_demo_translates_the_home_axis_and_recommendation_pages_into_english(client):
    demo.seed(io.StringIO())
    english = Page.objects.live().filter(locale__language_code="en")
    assert english.type(HomePage).count() == 1
    assert english.type(AxisPage).count() == 4
    assert english.type(RecommendationPage).count() == 18
    html = client.get("/en/recommandations/axe-2/recommandation-8/").content.decode()
    assert (
        "<h1>Recommendation 8: Give the HAS a statutory mission to advise entrepreneurs</h1>"
        in html
    )
    assert "What this changes" in html and "Ce que cela change" not in html


def test_demo_translates_the_open_consultation_which_shows_the_french_comments(client):
    for name in CITIZENS:
        demo_user(name, *DEMO_USERS[name])
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    english = ConsultationPage.objects.live().get(locale__language_code="en")
    french = english.conversation_page
    assert french.locale.language_code == "fr" and french.status == ConsultationStatus.OPEN
    assert english.url == "/en/consultations/espace-numerique-de-sante-services/"
    html = client.get(english.url).content.decode()
    assert "<h1>Digital health space: which services for citizens?</h1>" in html
    assert "Question 2: What safeguards do you expect on access to your data?" in html
    assert "Who may read them, how to know it, how to object." in html
    assert "Every contribution is read." in html
    assert "pouvoir retrouver tous mes comptes rendus" in html
    assert "not yet available in English" not in html
