"""Issue 6 acceptance: a ministry user drafts, a colleague publishes, the public follows."""

import pytest

from governance.models import RecommendationStatus
from tests.factories import UserFactory
from tests.governance.factories import ministry_user, published_update

pytestmark = pytest.mark.django_db

DRAFT = {
    "status": RecommendationStatus.PARTIALLY_IMPLEMENTED,
    "progress": 65,
    "comment": "Catalogue ouvert, critères de référencement publiés.",
    "evidence_url": "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000045985520",
}


@pytest.fixture
def ministere():
    return ministry_user(username="ministere")


@pytest.fixture
def ministere2():
    return ministry_user(username="ministere2")


@pytest.fixture
def recommendation_10_published():
    return published_update(status=RecommendationStatus.IN_PROGRESS, progress=30)


def public_state(client, number=10):
    detail = client.get(f"/api/v1/recommendations/{number}/").json()
    return detail["status"], detail["progress"]


def test_draft_then_four_eyes_publication(
    api_client, client, ministere, ministere2, recommendation_10_published
):
    citizen = UserFactory(username="citoyen")
    api_client.force_authenticate(citizen)
    assert api_client.post("/api/v1/recommendations/10/updates/", DRAFT).status_code == 403

    api_client.force_authenticate(ministere)
    too_much = api_client.post("/api/v1/recommendations/10/updates/", {**DRAFT, "progress": 140})
    assert too_much.status_code == 400
    assert "progress" in too_much.json()

    created = api_client.post("/api/v1/recommendations/10/updates/", DRAFT, format="json")
    assert created.status_code == 201
    update_id = created.json()["id"]

    # The draft is not public: the API and the barometer still show the published values.
    api_client.force_authenticate(None)
    assert public_state(api_client) == ("in_progress", 30)
    detail = api_client.get("/api/v1/recommendations/10/").json()
    assert update_id not in [update["id"] for update in detail["updates"]]
    page = client.get("/avancement/").content.decode()
    assert "65 %" not in page

    api_client.force_authenticate(ministere)
    assert api_client.post(f"/api/v1/updates/{update_id}/publish/").status_code == 403

    api_client.force_authenticate(ministere2)
    published = api_client.post(f"/api/v1/updates/{update_id}/publish/")
    assert published.status_code == 200
    assert published.json()["previous_progress"] == 30
    assert api_client.post(f"/api/v1/updates/{update_id}/publish/").status_code == 409

    api_client.force_authenticate(None)
    assert public_state(api_client) == ("partially_implemented", 65)
    listing = api_client.get("/api/v1/recommendations/").json()["results"]
    assert {"number": 10, "status": "partially_implemented", "progress": 65}.items() <= next(
        row for row in listing if row["number"] == 10
    ).items()
    history = api_client.get("/api/v1/recommendations/10/").json()["updates"]
    assert history[0]["id"] == update_id
    assert history[0]["evidence_url"] == DRAFT["evidence_url"]
    page = client.get("/avancement/").content.decode()
    assert "Partiellement" in page or "partially" in page.lower()
    assert 'value="65"' in page


def test_anonymous_cannot_draft(api_client):
    response = api_client.post("/api/v1/recommendations/10/updates/", DRAFT)
    assert response.status_code in (401, 403)


def test_drafting_on_an_unknown_recommendation_gives_404(api_client, ministere):
    api_client.force_authenticate(ministere)
    assert api_client.post("/api/v1/recommendations/99/updates/", DRAFT).status_code == 404
