"""The home page: hero, the four axes, the open consultations and the latest progress."""

import pytest

from governance.models import Recommendation, RecommendationStatus
from tests.cms.factories import consultation

pytestmark = pytest.mark.django_db


def test_home_links_the_four_axis_pages(client):
    html = client.get("/").content.decode()
    for number in range(1, 5):
        assert f'href="/recommandations/axe-{number}/"' in html


def test_home_shows_open_consultations_only(client):
    consultation("open", title="Consultation ouverte")
    consultation("closed", title="Consultation close")
    consultation("upcoming", title="Consultation à venir")
    html = client.get("/").content.decode()
    assert "Consultation ouverte" in html
    assert "Consultation close" not in html
    assert "Consultation à venir" not in html


def test_home_shows_the_most_advanced_recommendations_first(client):
    Recommendation.objects.filter(number=11).update(
        status=RecommendationStatus.IMPLEMENTED, progress=100
    )
    html = client.get("/").content.decode()
    progress_section = html.split('id="titre-avancement"')[1]
    assert progress_section.index("Recommandation 11 :") < progress_section.index("</table>")
    assert "100 %" in progress_section
