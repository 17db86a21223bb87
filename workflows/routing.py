"""Who may see and act on a dossier, as guardian object permissions that follow its state.

The applicant (owner and co-editors of the organisation) sees and acts on the dossier to the
end. Reviewers are routed: the hub of the dossier's region from submission, each expert body
of the procedure (HAS, ANS, the region's ARS) while its review runs, the decision-makers once
the reviews are in. Each keeps the view permission once involved (their "done" queue), but
only the groups whose turn it is hold their act permission.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from governance.roles import Role
from workflows import access
from workflows.models import (
    RUNNING_STATES,
    Dossier,
    DossierGroupObjectPermission,
    DossierState,
    DossierUserObjectPermission,
    ExpertReview,
    Membership,
)

S = DossierState


def _permissions(*codenames):
    content_type = ContentType.objects.get_for_model(Dossier)
    found = Permission.objects.filter(content_type=content_type, codename__in=codenames)
    return {permission.codename: permission for permission in found}


def applicants(dossier):
    """The owner and, when the dossier belongs to an organisation, its members."""
    users = {dossier.owner_id}
    if dossier.organisation_id:
        users |= set(
            Membership.objects.filter(organisation_id=dossier.organisation_id).values_list(
                "user_id", flat=True
            )
        )
    return users


def grant_applicants(dossier, user_ids=None):
    permissions = _permissions(access.VIEW, access.ACT_AS_APPLICANT)
    for user_id in user_ids or applicants(dossier):
        for permission in permissions.values():
            DossierUserObjectPermission.objects.get_or_create(
                user_id=user_id, permission=permission, content_object=dossier
            )
    access.forget_perms(dossier)


# Which groups act in each stage (the declaration routing, the queues and notifications read).


def _hub(dossier, at):
    return [dossier.hub.group] if dossier.hub_id else []


def _reviewing_bodies(dossier, at):
    """The groups of the round's reviews still running (or, for a log row, of its round)."""
    reviews = ExpertReview.objects.filter(dossier=dossier)
    if at is None:
        reviews = reviews.filter(round=dossier.review_round, state__in=RUNNING_STATES)
    else:
        rounds = reviews.filter(requested_at__lte=at).order_by("-round").values("round")[:1]
        reviews = reviews.filter(round__in=rounds)
    return [review.group for review in reviews.select_related("group")]


def _decision_makers(dossier, at):
    return [Group.objects.get(name=Role.DECISION_MAKER)]


ACTING = {
    S.SUBMITTED: (_hub, access.ACT_AS_HUB),
    S.HUB_REVIEW: (_hub, access.ACT_AS_HUB),
    S.EXPERT_REVIEW: (_reviewing_bodies, access.ACT_AS_EXPERT),
    S.AWAITING_DECISION: (_decision_makers, access.ACT_AS_DECISION_MAKER),
}


def acting_groups(dossier, state=None, at=None):
    """The groups whose turn it is in ``state`` (the dossier's own by default), with the
    permission they act by. ``at`` reads the reviews as they were at a logged moment.

    While the applicant corrects, the stage that will resume keeps the hand.
    """
    state = state or dossier.state
    if state == S.CORRECTION_REQUESTED:
        state = dossier.correction_return_state
    resolver, codename = ACTING.get(state, (None, None))
    if resolver is None:
        return [], None
    return resolver(dossier, at), codename


def route(dossier):
    """Give the acting groups view and act permissions; take act permissions from the others."""
    groups, codename = acting_groups(dossier)
    keep = {group.pk for group in groups}
    stale = DossierGroupObjectPermission.objects.filter(
        content_object=dossier, permission__codename__in=access.REVIEWER_ACT_PERMISSIONS
    )
    if keep:
        stale = stale.exclude(group__in=keep, permission__codename=codename)
    stale.delete()
    if keep:
        permissions = _permissions(access.VIEW, codename).values()
        for group in groups:
            for permission in permissions:
                DossierGroupObjectPermission.objects.get_or_create(
                    group=group, permission=permission, content_object=dossier
                )
    access.forget_perms(dossier)
