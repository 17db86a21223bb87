"""Who may see and act on a dossier, as guardian object permissions that follow its state.

The applicant (owner and co-editors of the organisation) sees and acts on the dossier to the
end. Reviewers are routed: the hub of the dossier's region from submission, the HAS advisers
from referral, the decision-makers from hand-off or opinion. Each keeps the view permission once
involved (their "done" queue), but only the group whose turn it is holds its act permission.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from governance.roles import Role
from workflows import access
from workflows.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierState,
    DossierUserObjectPermission,
    Membership,
)

S = DossierState
REVIEWER_ACT_PERMISSIONS = (access.ACT_AS_HUB, access.ACT_AS_HAS, access.ACT_AS_DECISION_MAKER)


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


def acting_group(dossier):
    """The group whose turn it is, with the permission it acts by (None in final states)."""
    state = dossier.state
    if state == S.CORRECTION_REQUESTED:
        state = dossier.correction_return_state
    if state in (S.SUBMITTED, S.HUB_REVIEW) and dossier.hub_id:
        return dossier.hub.group, access.ACT_AS_HUB
    if state == S.HAS_REVIEW:
        return Group.objects.get(name=Role.HAS_ADVISER), access.ACT_AS_HAS
    if state == S.AWAITING_DECISION:
        return Group.objects.get(name=Role.DECISION_MAKER), access.ACT_AS_DECISION_MAKER
    return None, None


def route(dossier):
    """Give the acting group view and act permissions; take act permissions from the others."""
    group, codename = acting_group(dossier)
    stale = DossierGroupObjectPermission.objects.filter(
        content_object=dossier, permission__codename__in=REVIEWER_ACT_PERMISSIONS
    )
    if group is not None:
        stale = stale.exclude(group=group, permission__codename=codename)
    stale.delete()
    if group is not None:
        for permission in _permissions(access.VIEW, codename).values():
            DossierGroupObjectPermission.objects.get_or_create(
                group=group, permission=permission, content_object=dossier
            )
    access.forget_perms(dossier)
