"""A person's part of the innovation pipeline, for their data export and their account's deletion.

Deleting an account does not delete the organisation's dossiers: they belong to the company and
follow the retention schedule (workflows.retention). Drafts nobody else can reach go at once;
invitations to the person's addresses and their requests to join go too.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q

from workflows.models import (
    Dossier,
    DossierState,
    DossierUserObjectPermission,
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Message,
)


def _iso(value):
    return value.isoformat() if value else None


def _dossiers_of(user):
    memberships = Membership.objects.filter(user=user).values("organisation_id")
    return Dossier.objects.filter(Q(owner=user) | Q(organisation__in=memberships)).distinct()


def _addresses(user):
    return [user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]


def _invitations_to(user):
    query = Q(answered_by=user)
    for email in filter(None, _addresses(user)):
        query |= Q(email__iexact=email)
    return Invitation.objects.filter(query)


def export_dossiers(user):
    membership = Membership.objects.select_related("organisation__region").filter(user=user).first()
    invitations = (_invitations_to(user) | Invitation.objects.filter(invited_by=user)).distinct()
    return {
        "organisation": {
            "name": membership.organisation.name,
            "siret": membership.organisation.siret,
            "address": membership.organisation.address,
            "region": membership.organisation.region.slug,
            "role": membership.role,
            "joined_at": _iso(membership.joined_at),
        }
        if membership
        else None,
        "dossiers": [
            {
                "reference": dossier.reference,
                "title": dossier.title,
                "state": dossier.state,
                "owner": dossier.owner_id == user.pk,
                "created_at": _iso(dossier.created_at),
                "updated_at": _iso(dossier.updated_at),
            }
            for dossier in _dossiers_of(user).order_by("created_at", "pk")
        ],
        "messages": [
            {
                "dossier": message.dossier.reference,
                "body": message.body,
                "at": _iso(message.sent_at),
                "files": [enclosed.name for enclosed in message.files.all()],
            }
            for message in Message.objects.filter(author=user)
            .select_related("dossier")
            .prefetch_related("files")
        ],
        "invitations": [
            {
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "sent_by_me": invitation.invited_by_id == user.pk,
                "state": invitation.state,
                "created_at": _iso(invitation.created_at),
                "expires_at": _iso(invitation.expires_at),
            }
            for invitation in invitations.select_related("organisation").order_by("created_at")
        ],
        "join_requests": [
            {
                "organisation": join_request.organisation.name,
                "state": join_request.state,
                "created_at": _iso(join_request.created_at),
            }
            for join_request in JoinRequest.objects.filter(user=user).select_related("organisation")
        ],
    }


def erase_dossiers(user):
    """Leave the organisation (handing ownership on), drop invitations, lone drafts and requests."""
    membership = Membership.objects.filter(user=user).first()
    if membership is not None:
        if membership.role == MemberRole.OWNER:
            successor = (
                Membership.objects.filter(organisation_id=membership.organisation_id)
                .exclude(user=user)
                .order_by("joined_at", "pk")
                .first()
            )
            membership.delete()
            if successor is not None:
                successor.role = MemberRole.OWNER
                successor.save(update_fields=["role"])
        else:
            membership.delete()
    for draft in Dossier.objects.filter(owner=user, state=DossierState.DRAFT):
        if (
            draft.organisation_id is None
            or not Membership.objects.filter(organisation_id=draft.organisation_id).exists()
        ):
            draft.delete()
    _invitations_to(user).delete()
    Invitation.objects.filter(invited_by=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    DossierUserObjectPermission.objects.filter(user=user).delete()
