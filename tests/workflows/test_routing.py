"""Routing: who holds which object permission as the dossier moves."""

import pytest

from tests.workflows.factories import Cast, dossier, dossier_in_state, review_inputs
from workflows import access, routing, services
from workflows.models import Dossier, DossierState, MemberRole, Membership, Pathway

pytestmark = pytest.mark.django_db
S = DossierState


def perms(user, current):
    access.forget_perms(current)
    return set(access.perms_for(user, current))


def test_submit_routes_to_the_hub_of_the_dossiers_region(cast):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    assert submitted.hub.region.slug == "ile-de-france"
    assert perms(cast.hub, submitted) == {access.VIEW, access.ACT_AS_HUB}
    assert perms(cast.other_hub, submitted) == set()


def test_a_dossier_filed_for_another_region_goes_to_that_regions_hub():
    cast = Cast()
    submitted = dossier_in_state(S.SUBMITTED, cast, region_slug="occitanie")
    assert perms(cast.other_hub, submitted) == {access.VIEW, access.ACT_AS_HUB}
    assert perms(cast.hub, submitted) == set()


def test_referral_hands_acting_to_the_reviewing_body_and_the_hub_keeps_view(cast):
    referred = dossier_in_state(S.EXPERT_REVIEW, cast)
    assert perms(cast.has_adviser, referred) == {access.VIEW, access.ACT_AS_EXPERT}
    assert perms(cast.hub, referred) == {access.VIEW}
    assert perms(cast.decision_maker, referred) == set()


def test_the_last_review_hands_the_dossier_to_the_decision_makers(cast):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    assert perms(cast.decision_maker, waiting) == {access.VIEW, access.ACT_AS_DECISION_MAKER}
    assert perms(cast.has_adviser, waiting) == {access.VIEW}


def test_hand_off_skips_the_expert_review(cast):
    in_review = dossier_in_state(S.HUB_REVIEW, cast)
    handed = services.perform(in_review, "hand_off", cast.hub, comment="Pas besoin d'avis HAS.")
    assert handed.state == S.AWAITING_DECISION
    assert perms(cast.decision_maker, handed) == {access.VIEW, access.ACT_AS_DECISION_MAKER}
    assert perms(cast.has_adviser, handed) == set()


def test_a_correction_keeps_the_asking_group_in_charge(cast):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    assert perms(cast.hub, asked) == {access.VIEW, access.ACT_AS_HUB}


def test_after_the_decision_nobody_acts_but_everyone_involved_still_sees(cast):
    approved = dossier_in_state(S.APPROVED, cast)
    for user in (cast.hub, cast.has_adviser, cast.decision_maker):
        assert perms(user, approved) == {access.VIEW}
    assert perms(cast.owner, approved) == {access.VIEW, access.ACT_AS_APPLICANT}


def test_co_editors_of_the_organisation_see_and_edit_its_dossiers(cast):
    from tests.factories import UserFactory
    from workflows import membership

    draft = dossier(cast.owner)
    colleague = UserFactory()
    invitation = membership.invite(cast.owner, colleague.email)
    assert perms(colleague, draft) == set()
    membership.accept_invitation(invitation.token, colleague)
    assert perms(colleague, Dossier.objects.get(pk=draft.pk)) == {
        access.VIEW,
        access.ACT_AS_APPLICANT,
    }
    later = dossier(cast.owner)
    assert perms(colleague, later) == {access.VIEW, access.ACT_AS_APPLICANT}
    assert Membership.objects.get(user=colleague).role == MemberRole.CO_EDITOR
    assert routing.applicants(later) == {cast.owner.pk, colleague.pk}


def test_only_the_owner_invites_co_editors(cast):
    from governance.errors import NotPermitted
    from tests.factories import UserFactory
    from workflows import membership

    co_editor = UserFactory()
    membership.accept_invitation(membership.invite(cast.owner, co_editor.email).token, co_editor)
    with pytest.raises(NotPermitted):
        membership.invite(co_editor, UserFactory().email)


def test_return_to_expert_review_opens_a_new_round_for_the_body(cast):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    back = services.perform(
        waiting, "return_for_review", cast.decision_maker, comment="x", to="expert_review"
    )
    assert perms(cast.has_adviser, back) == {access.VIEW, access.ACT_AS_EXPERT}
    assert perms(cast.decision_maker, back) == {access.VIEW}
    assert list(back.reviews.values_list("round", "state")) == [(1, "submitted"), (2, "requested")]


def test_pecan_referral_routes_to_the_ans_and_the_has_at_once(cast):
    referred = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.PECAN)
    for body in (cast.ans_expert, cast.has_adviser):
        assert perms(body, referred) == {access.VIEW, access.ACT_AS_EXPERT}
    assert perms(cast.ars, referred) == set()


def test_a_body_that_submitted_keeps_view_but_no_longer_acts(cast):
    referred = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.PECAN)
    ans_review = referred.reviews.select_related("group").get(body="ans")
    for name in ("accept", "submit"):
        ans_review = services.perform_review(
            ans_review, name, cast.ans_expert, **review_inputs(name, ans_review)
        )
    referred.refresh_from_db()
    assert referred.state == S.EXPERT_REVIEW
    assert perms(cast.ans_expert, referred) == {access.VIEW}
    assert perms(cast.has_adviser, referred) == {access.VIEW, access.ACT_AS_EXPERT}


def test_article_51_goes_to_the_ars_of_the_dossiers_region_only(cast):
    referred = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.ARTICLE_51)
    assert referred.reviews.get().group.name == "ars:ile-de-france"
    assert perms(cast.ars, referred) == {access.VIEW, access.ACT_AS_EXPERT}
    assert perms(cast.other_ars, referred) == set()
    assert perms(cast.has_adviser, referred) == set()
