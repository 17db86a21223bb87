"""The issue's acceptance path, end to end through the JSON API."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from governance.roles import Role
from tests.factories import UserFactory, hub_staff, user_with_role
from tests.workflows.factories import entrepreneur

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user, url, data=None):
    return client_for(user).post(url, data or {}, format="json")


def test_whole_path_through_the_api():
    owner = entrepreneur("ile-de-france", username="entrepreneur")
    other = entrepreneur("occitanie", username="entrepreneur2")
    hub = hub_staff("ile-de-france", username="hub-idf")
    other_hub = hub_staff("occitanie", username="hub-occ")
    adviser = user_with_role(Role.HAS_ADVISER, username="has-adviser")
    decider = user_with_role(Role.DECISION_MAKER, username="decideur")
    citizen = UserFactory(username="citoyen")

    created = post(
        owner,
        "/api/v1/dossiers/",
        {
            "title": "Télésuivi cardiaque",
            "summary": "Suivi à distance des insuffisants cardiaques.",
            "pathway": "forfait-innovation",
            "region": "ile-de-france",
            "product_description": "Capteurs et tableau de bord.",
            "target_users": "Cardiologues et patients.",
            "evidence": "Étude pilote, 120 patients.",
            "regulatory_status": "ce_class_iia",
            "recommendations": [5, 6],
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft"
    assert body["reference"].startswith("DOS-")
    pk = body["id"]
    url = f"/api/v1/dossiers/{pk}/"

    assert post(owner, f"{url}transitions/submit/").status_code == 200
    for outsider in (other, other_hub, citizen, adviser):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(hub).get(url).json()["state"] == "submitted"
    assert client_for(hub).get(f"{url}transitions/").json()["transitions"] == [
        "take_charge",
        "close",
    ]

    assert post(hub, f"{url}transitions/take_charge/").status_code == 200
    missing = post(hub, f"{url}transitions/request_correction/")
    assert missing.status_code == 400
    assert "comment" in missing.json()
    assert (
        post(
            hub, f"{url}transitions/request_correction/", {"comment": "Préciser la classe CE."}
        ).status_code
        == 200
    )
    assert post(owner, f"{url}transitions/resubmit/", {"comment": "Précisé."}).json()["state"] == (
        "hub_review"
    )
    assert client_for(adviser).get(url).status_code == 404
    assert (
        post(hub, f"{url}transitions/refer_to_has/", {"comment": "Éligible."}).json()["state"]
        == "expert_review"
    )

    assert client_for(adviser).get(url).status_code == 200
    (review,) = client_for(adviser).get(f"{url}reviews/").json()
    assert (review["body"], review["state"]) == ("has", "requested")
    review_url = f"/api/v1/reviews/{review['id']}/transitions/"
    assert post(adviser, f"{review_url}accept/").status_code == 200
    unknown = post(adviser, f"{review_url}submit/", {"opinion": "maybe", "comment": "?"})
    assert unknown.status_code == 400
    assert "opinion" in unknown.json()
    submitted = post(
        adviser,
        f"{review_url}submit/",
        {"opinion": "favourable_with_reservations", "comment": "Bénéfice plausible."},
    )
    assert submitted.json()["state"] == "submitted"
    assert client_for(owner).get(url).json()["state"] == "awaiting_decision"

    assert post(decider, f"{url}transitions/approve/").status_code == 400
    approved = post(decider, f"{url}transitions/approve/", {"comment": "Financement accordé."})
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    assert post(decider, f"{url}transitions/approve/", {"comment": "Encore."}).status_code == 409

    history = client_for(owner).get(f"{url}history/").json()
    assert history["count"] == 9
    assert [(row["transition"], row["by"]) for row in history["results"]] == [
        ("submit", "entrepreneur"),
        ("take_charge", "hub-idf"),
        ("request_correction", "hub-idf"),
        ("resubmit", "entrepreneur"),
        ("refer_for_review", "hub-idf"),
        ("accept_has_review", "has-adviser"),
        ("submit_has_review", "has-adviser"),
        ("conclude_reviews", "has-adviser"),
        ("approve", "decideur"),
    ]
    assert [(row["source"], row["target"]) for row in history["results"]][2:4] == [
        ("hub_review", "correction_requested"),
        ("correction_requested", "hub_review"),
    ]
    # Everyone who took part still sees the dossier; outsiders never did.
    for insider in (owner, hub, adviser, decider):
        assert client_for(insider).get(url).status_code == 200
    for outsider in (other, other_hub, citizen):
        assert client_for(outsider).get(url).status_code == 404


def test_detail_shows_what_the_review_produced(cast, django_capture_on_commit_callbacks):
    from tests.workflows.factories import dossier_in_state
    from workflows.models import DossierState

    with django_capture_on_commit_callbacks(execute=True):
        approved = dossier_in_state(DossierState.APPROVED, cast)
    body = client_for(cast.owner).get(f"/api/v1/dossiers/{approved.pk}/").json()
    assert body["opinions"][0]["value"] == "favourable"
    assert [(r["body"], r["state"], r["opinion"]) for r in body["reviews"]] == [
        ("has", "submitted", "favourable")
    ]
    assert body["decision"]["outcome"] == "approved"
    assert body["decision"]["letter"] == body["attachments"][0]["url"]
    browser = Client()
    browser.force_login(cast.owner)
    assert browser.get(body["decision"]["letter"]).status_code == 200
    assert body["transitions"] == []
