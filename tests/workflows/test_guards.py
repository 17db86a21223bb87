"""Every guard and input rule of the transitions, and how each refusal is reported."""

import pytest
from rest_framework.test import APIClient

from governance.errors import Conflict, InvalidInput, NotPermitted, NotVisible, UnknownTransition
from tests.workflows.factories import Cast, dossier, dossier_in_state, force_state, running_reviews
from workflows import services
from workflows.models import REQUIRED_TO_SUBMIT, Dossier, DossierState, ExpertReview, Pathway

pytestmark = pytest.mark.django_db
S = DossierState


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "field", [f for f in REQUIRED_TO_SUBMIT if f not in ("pathway", "region", "organisation")]
)
def test_submit_refuses_an_incomplete_dossier_naming_the_missing_field(cast, field):
    draft = dossier(cast.owner, **{field: ""})
    response = api(cast.owner).post(f"/api/v1/dossiers/{draft.pk}/transitions/submit/")
    assert response.status_code == 400
    assert field in response.json()
    assert Dossier.objects.get(pk=draft.pk).state == S.DRAFT


def test_submit_needs_an_organisation(cast):
    from governance.roles import Role
    from tests.factories import user_with_role

    loner = user_with_role(Role.ENTREPRENEUR)
    draft = dossier(loner, region_slug="ile-de-france")
    assert draft.organisation is None
    with pytest.raises(InvalidInput) as refusal:
        services.perform(draft, "submit", loner)
    assert "organisation" in refusal.value.errors


def test_resubmit_refuses_a_dossier_emptied_during_the_correction(cast):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    services.update_dossier(asked, cast.owner, evidence="")
    with pytest.raises(InvalidInput) as refusal:
        services.perform(asked, "resubmit", cast.owner)
    assert "evidence" in refusal.value.errors


@pytest.mark.parametrize("name", ["request_correction", "refer_for_review", "hand_off", "close"])
def test_hub_transitions_need_a_comment(cast, name):
    in_review = dossier_in_state(S.HUB_REVIEW, cast)
    for blank in ({}, {"comment": ""}, {"comment": "   "}):
        with pytest.raises(InvalidInput) as refusal:
            services.perform(in_review, name, cast.hub, **blank)
        assert "comment" in refusal.value.errors


@pytest.mark.parametrize("name", ["approve", "reject", "return_for_review"])
def test_decisions_need_a_motivation(cast, name):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    with pytest.raises(InvalidInput) as refusal:
        services.perform(waiting, name, cast.decision_maker, to="hub_review")
    assert "comment" in refusal.value.errors


def _accepted_review(cast, pathway=Pathway.FORFAIT_INNOVATION):
    in_review = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=pathway)
    (review,) = running_reviews(in_review)
    return services.perform_review(review, "accept", cast.body_member(review.body))


@pytest.mark.parametrize("value", [None, "", "maybe", "FAVOURABLE", "compliant"])
def test_opinion_must_be_one_of_the_procedures_scale(cast, value):
    review = _accepted_review(cast)
    with pytest.raises(InvalidInput) as refusal:
        services.perform_review(review, "submit", cast.has_adviser, opinion=value, comment="x")
    assert "opinion" in refusal.value.errors


@pytest.mark.parametrize("value", ["favourable", "favourable_with_reservations", "unfavourable"])
def test_each_opinion_value_is_recorded(cast, value):
    review = _accepted_review(cast)
    done = services.perform_review(review, "submit", cast.has_adviser, opinion=value, comment="x")
    assert ExpertReview.objects.get(pk=done.pk).opinion == value


def test_early_dialogue_takes_written_recommendations_and_no_opinion(cast):
    review = _accepted_review(cast, Pathway.HAS_EARLY_DIALOGUE)
    with pytest.raises(InvalidInput) as refusal:
        services.perform_review(
            review, "submit", cast.has_adviser, opinion="favourable", comment="x"
        )
    assert "opinion" in refusal.value.errors
    with pytest.raises(InvalidInput) as refusal:
        services.perform_review(review, "submit", cast.has_adviser)
    assert "comment" in refusal.value.errors


@pytest.mark.parametrize("destination", ["hub_review", "expert_review"])
def test_return_for_review_goes_where_the_decision_maker_says(cast, destination):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    back = services.perform(
        waiting, "return_for_review", cast.decision_maker, comment="Revoir.", to=destination
    )
    assert back.state == destination


@pytest.mark.parametrize("destination", [None, "", "draft", "approved"])
def test_return_for_review_refuses_other_destinations(cast, destination):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    with pytest.raises(InvalidInput) as refusal:
        services.perform(
            waiting, "return_for_review", cast.decision_maker, comment="x", to=destination
        )
    assert "to" in refusal.value.errors


def test_resubmit_returns_to_the_expert_review_when_a_body_asked(cast):
    in_review = dossier_in_state(S.EXPERT_REVIEW, cast)
    asked = services.perform(in_review, "request_correction", cast.has_adviser, comment="Préciser.")
    assert asked.correction_return_state == S.EXPERT_REVIEW
    back = services.perform(asked, "resubmit", cast.owner, comment="Fait.")
    assert back.state == S.EXPERT_REVIEW
    correction = back.corrections.get()
    assert correction.answer == "Fait." and correction.answered_at is not None


def test_a_dossier_never_routed_cannot_be_taken_in_charge(cast):
    submitted = force_state(S.SUBMITTED, cast.owner)
    Dossier.objects.filter(pk=submitted.pk).update(hub=None)
    with pytest.raises(Conflict):
        services.perform(Dossier.objects.get(pk=submitted.pk), "take_charge", cast.hub)


def test_refusals_come_in_order_not_visible_then_state_then_permission_then_input(cast):
    in_review = dossier_in_state(S.HUB_REVIEW, cast)
    with pytest.raises(NotVisible):
        services.perform(in_review, "approve", cast.other_hub)
    with pytest.raises(Conflict):
        services.perform(in_review, "approve", cast.hub, comment="x")
    with pytest.raises(NotPermitted):
        services.perform(in_review, "refer_for_review", cast.owner)
    with pytest.raises(InvalidInput):
        services.perform(in_review, "refer_for_review", cast.hub)


def test_unknown_transition_is_404(cast):
    draft = dossier(cast.owner)
    with pytest.raises(UnknownTransition):
        services.perform(draft, "publish", cast.owner)
    response = api(cast.owner).post(f"/api/v1/dossiers/{draft.pk}/transitions/publish/")
    assert response.status_code == 404


def test_anonymous_visitors_must_authenticate(cast):
    draft = dossier(cast.owner)
    client = APIClient()
    assert client.get("/api/v1/dossiers/").status_code == 401
    assert client.get(f"/api/v1/dossiers/{draft.pk}/").status_code == 401
    assert client.post(f"/api/v1/dossiers/{draft.pk}/transitions/submit/").status_code == 401


@pytest.mark.parametrize("role", ["hub", "has_adviser", "decision_maker", "citizen"])
def test_only_entrepreneurs_create_dossiers(cast, role):
    response = api(getattr(cast, role)).post(
        "/api/v1/dossiers/",
        {"title": "x", "summary": "y", "pathway": "pecan", "region": "occitanie"},
        format="json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"pathway": "fast-track"}, "pathway"),
        ({"region": "atlantis"}, "region"),
        ({"title": ""}, "title"),
    ],
)
def test_create_rejects_bad_input_with_400(cast, payload, field):
    data = {"title": "x", "summary": "y", "pathway": "pecan", "region": "occitanie", **payload}
    response = api(cast.owner).post("/api/v1/dossiers/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_an_entrepreneur_without_organisation_creates_it_with_the_first_dossier():
    from governance.roles import Role
    from tests.factories import user_with_role
    from tests.workflows.factories import valid_siret

    newcomer = user_with_role(Role.ENTREPRENEUR)
    data = {
        "title": "x",
        "summary": "y",
        "pathway": "pecan",
        "region": "occitanie",
        "organisation_name": "Start-up santé",
        "siret": valid_siret(),
    }
    response = api(newcomer).post("/api/v1/dossiers/", data, format="json")
    assert response.status_code == 201
    assert response.json()["organisation"] == "Start-up santé"


def test_an_invalid_siret_is_refused(cast):
    from governance.roles import Role
    from tests.factories import user_with_role

    newcomer = user_with_role(Role.ENTREPRENEUR)
    data = {
        "title": "x",
        "summary": "y",
        "pathway": "pecan",
        "region": "occitanie",
        "organisation_name": "Start-up",
        "siret": "12345678901234",
    }
    response = api(newcomer).post("/api/v1/dossiers/", data, format="json")
    assert response.status_code == 400
    assert "siret" in response.json()


def test_the_state_field_cannot_be_set_directly(cast):
    draft = dossier(cast.owner)
    with pytest.raises(AttributeError):
        draft.state = S.APPROVED


def test_cast_factory_builds_each_state_through_the_service():
    cast = Cast()
    for state in S:
        assert dossier_in_state(state, cast).state == state
