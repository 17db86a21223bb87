"""An expert body assigns its review to a named member; assignments read as such in the history,
which keeps them from the applicant (the reviewers' own organisation)."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from governance import history
from governance.roles import Role
from tests.factories import user_with_role
from tests.workflows.factories import dossier_in_state, running_reviews, settle_reviews
from workflows import workbench
from workflows.models import DossierState, DossierTransition, Pathway

pytestmark = pytest.mark.django_db
S = DossierState


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def has_review(cast):
    current = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.PECAN)
    return next(review for review in running_reviews(current) if review.body == "has")


def test_the_has_assigns_its_review_to_a_colleague_logged_and_emailed(
    cast, django_capture_on_commit_callbacks
):
    review = has_review(cast)
    colleague = user_with_role(Role.HAS_ADVISER)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(cast.has_adviser).post(
            f"/api/v1/reviews/{review.pk}/assignment/",
            {"assignee": colleague.username},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == colleague.username
    row = DossierTransition.objects.filter(dossier=review.dossier).last()
    assert (row.transition, row.source, row.target, row.actor, row.comment) == (
        "assign_has_review", S.EXPERT_REVIEW, S.EXPERT_REVIEW, cast.has_adviser, colleague.username
    )  # fmt: skip
    assert history.first_break(DossierTransition) is None
    assert [message.to for message in mail.outbox] == [[colleague.email]]
    assert review.dossier.reference in mail.outbox[0].subject
    assert "HAS" in mail.outbox[0].body
    # The colleague finds it under "Mes dossiers", in the page and the API.
    client = APIClient()
    client.force_login(colleague)
    mine = client.get("/instruction/?onglet=mes-dossiers").text
    assert review.dossier.reference in mine and "Avis qui m’est attribué" in mine
    listed = api(colleague).get("/api/v1/dossiers/?assignee=me").json()["results"]
    assert [row["id"] for row in listed] == [review.dossier_id]


def test_a_member_takes_the_review_from_its_card_on_the_dossier_page(client, cast):
    review = has_review(cast)
    client.force_login(cast.has_adviser)
    page = client.get(f"/instruction/{review.dossier_id}/").content.decode()
    assert f'id="review{review.pk}-assignment"' in page
    assert "Cet avis n’est attribué à personne." in page
    response = client.post(
        f"/instruction/{review.dossier_id}/avis/{review.pk}/attribution/", {"assignee": "me"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.assignee == cast.has_adviser
    page = client.get(f"/instruction/{review.dossier_id}/").content.decode()
    assert f"Attribué à {cast.has_adviser.display_name}" in page


def test_review_assignment_refusals_400_403_404_409(cast):
    review = has_review(cast)
    url = f"/api/v1/reviews/{review.pk}/assignment/"
    # 400: not a member of the HAS.
    for outsider in (cast.ans_expert, cast.hub, cast.owner):
        response = api(cast.has_adviser).post(url, {"assignee": outsider.username}, format="json")
        assert response.status_code == 400, outsider
        assert "assignee" in response.json()
    # 403: sees the review, is not of its body.
    for onlooker in (cast.hub, cast.owner):
        assert api(onlooker).post(url, {"assignee": "me"}, format="json").status_code == 403
    # 404: may not see it (the other body of a parallel review, another hub).
    for stranger in (cast.ans_expert, cast.other_hub, cast.other_entrepreneur):
        assert api(stranger).post(url, {"assignee": "me"}, format="json").status_code == 404
    assert not DossierTransition.objects.filter(transition="assign_has_review").exists()
    # 409: a settled review is no longer assigned.
    settle_reviews(review.dossier, cast)
    assert api(cast.has_adviser).post(url, {"assignee": "me"}, format="json").status_code == 409


def test_the_applicant_sees_no_review_assignee(cast):
    review = has_review(cast)
    workbench.assign_review(review, cast.has_adviser, "me")
    reviews = api(cast.owner).get(f"/api/v1/dossiers/{review.dossier_id}/reviews/").json()
    assert {row["assignee"] for row in reviews} == {None}
    reviews = api(cast.hub).get(f"/api/v1/dossiers/{review.dossier_id}/reviews/").json()
    assert cast.has_adviser.username in {row["assignee"] for row in reviews}


# The history -----------------------------------------------------------------------------------


def test_assignments_read_as_such_and_are_hidden_from_the_applicant(client, cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    workbench.assign(current, cast.hub, "me")
    client.force_login(cast.hub)
    page = client.get(f"/instruction/{current.pk}/").content.decode()
    timeline = page[page.index('id="timeline-title"') :]
    assert f"{cast.hub.display_name} : Attribué à {cast.hub.display_name}" in timeline
    assert "Instruction régionale → Instruction régionale" not in timeline
    hub_rows = api(cast.hub).get(f"/api/v1/dossiers/{current.pk}/history/").json()["results"]
    assert "assign" in [row["transition"] for row in hub_rows]
    # The applicant: no assignment row, in the page nor the API.
    client.force_login(cast.owner)
    page = client.get(f"/dossiers/{current.pk}/").content.decode()
    timeline = page[page.index('id="timeline-title"') :]
    assert "Attribué" not in timeline and cast.hub.display_name in timeline  # took charge
    owner_rows = api(cast.owner).get(f"/api/v1/dossiers/{current.pk}/history/").json()["results"]
    assert len(owner_rows) == len(hub_rows) - 1
    assert all(not row["transition"].startswith("assign") for row in owner_rows)


def test_review_assignments_hidden_from_the_applicant_too(cast):
    review = has_review(cast)
    workbench.assign_review(review, cast.has_adviser, "me")
    owner_rows = api(cast.owner).get(f"/api/v1/dossiers/{review.dossier_id}/history/").json()
    assert all(not row["transition"].startswith("assign") for row in owner_rows["results"])
