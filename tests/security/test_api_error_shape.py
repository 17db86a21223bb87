"""Every API refusal, whichever app or layer makes it, answers one shape: a ``detail`` sentence,
plus the messages of each field at fault; its status says what kind of refusal it is."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cms.comments import services as comment_services
from tests.cms.comments.factories import consultation_page
from tests.factories import Role, UserFactory, hub_staff, user_with_role
from tests.governance.factories import ProgressUpdateFactory, ministry_user, published_update
from tests.workflows.factories import dossier, entrepreneur

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user:
        client.force_authenticate(user)
    return client


def submitted_dossier():
    owner = entrepreneur()
    draft = dossier(owner)
    client_for(owner).post(f"/api/v1/dossiers/{draft.pk}/transitions/submit/")
    return draft


def missing_transition_comment():
    draft = submitted_dossier()
    hub = hub_staff()
    client_for(hub).post(f"/api/v1/dossiers/{draft.pk}/transitions/take_charge/")
    return client_for(hub).post(f"/api/v1/dossiers/{draft.pk}/transitions/refer_to_has/", {})


def serializer_field_missing():
    return client_for(entrepreneur()).post("/api/v1/dossiers/", {"pathway": "pecan"})


def wrong_password():
    UserFactory(username="camille", password="s3cret-pass")
    return client_for().post("/api/v1/auth/token/", {"username": "camille", "password": "no"})


def other_applicants_dossier():
    return client_for(entrepreneur()).get(f"/api/v1/dossiers/{submitted_dossier().pk}/")


def unknown_transition():
    draft = dossier(owner := entrepreneur())
    return client_for(owner).post(f"/api/v1/dossiers/{draft.pk}/transitions/teleport/")


def transition_of_someone_else():
    draft = submitted_dossier()
    return client_for(user_with_role(Role.DECISION_MAKER)).post(
        f"/api/v1/dossiers/{draft.pk}/transitions/take_charge/"
    )


def transition_from_the_wrong_state():
    draft = submitted_dossier()
    return client_for(draft.owner).post(f"/api/v1/dossiers/{draft.pk}/transitions/submit/")


def own_update_published():
    update = ProgressUpdateFactory()
    return client_for(update.author).post(f"/api/v1/updates/{update.pk}/publish/")


def update_published_twice():
    update = published_update()
    return client_for(ministry_user()).post(f"/api/v1/updates/{update.pk}/publish/")


def comment_on_a_closed_consultation():
    closed = consultation_page(opens_in_days=-30, closes_in_days=-1)
    return client_for(UserFactory()).post(
        reverse("api-consultation-comments", args=[closed.pk]), {"body": "Trop tard ?"}
    )


def comment_reported_twice():
    comment = comment_services.post_comment(consultation_page(), UserFactory(), "Cible")
    reporter = client_for(UserFactory())
    url = reverse("api-comment-reports", args=[comment.pk])
    reporter.post(url, {"reason": "spam"})
    return reporter.post(url, {"reason": "spam"})


def empty_comment():
    return client_for(UserFactory()).post(
        reverse("api-consultation-comments", args=[consultation_page().pk]), {"body": "  "}
    )


def unknown_address():
    return client_for().get("/api/v1/nowhere/")


# (the refusal, its status, what the answer holds besides ``detail``: name → type)
REFUSALS = [
    (missing_transition_comment, 400, {"comment": list}),
    (serializer_field_missing, 400, {"title": list, "summary": list, "region": list}),
    (empty_comment, 400, {"body": list}),
    (wrong_password, 400, {"non_field_errors": list}),
    (own_update_published, 403, {}),
    (transition_of_someone_else, 404, {}),
    (other_applicants_dossier, 404, {}),
    (unknown_transition, 404, {}),
    (unknown_address, 404, {}),
    (transition_from_the_wrong_state, 409, {}),
    (update_published_twice, 409, {"version": int}),
    (comment_on_a_closed_consultation, 409, {}),
    (comment_reported_twice, 409, {}),
]


@pytest.mark.parametrize(
    ("make_refusal", "status", "members"), REFUSALS, ids=[row[0].__name__ for row in REFUSALS]
)
def test_refusal_answers_detail_and_the_fields_at_fault(make_refusal, status, members):
    response = make_refusal()
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"].strip()
    assert set(body) == {"detail", *members}
    for name, kind in members.items():
        assert isinstance(body[name], kind) and body[name] is not None


def test_wrong_password_detail_says_why():
    assert "Unable to log in" in wrong_password().json()["detail"]


def test_invalid_input_detail_is_a_sentence_not_a_list():
    response = client_for(UserFactory()).post(
        reverse("api-consultation-comments", args=[consultation_page().pk]),
        {"body": "ok", "speaker_category": "astronaut"},
    )
    assert response.status_code == 400
    assert response.json()["speaker_category"] == ["Choose one of the listed categories."]
    assert response.json()["detail"] == "Some information is missing or invalid."
