"""Who works for an organisation, and only with consent: declaring one, inviting, asking to join.

Declaring a company makes the person its owner and an entrepreneur. An owner's invitation or a
person's request to join grants nothing until it is answered yes; then the newcomer gets the
entrepreneur role, the membership and the organisation's dossiers, all at once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.errors import Conflict, InvalidInput, NotPermitted, NotVisible
from governance.roles import Role
from workflows import routing
from workflows.models import (
    Invitation,
    InvitationState,
    JoinRequest,
    JoinRequestState,
    MemberRole,
    Membership,
    Organisation,
    validate_siret,
)
from workflows.services import organisation_of

logger = logging.getLogger(__name__)


def clean_siret(value):
    """The SIRET without spaces; ``InvalidInput`` unless 14 ASCII digits with a valid key."""
    siret = "".join((value or "").split())
    try:
        validate_siret(siret)
    except DjangoValidationError as error:
        raise InvalidInput(errors={"siret": error.messages}) from error
    return siret


def owned_organisation(user):
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, role=MemberRole.OWNER)
        .first()
    )
    return membership.organisation if membership else None


def _join(user, organisation, role):
    """Membership, the entrepreneur role and the organisation's dossiers, in one go."""
    Membership.objects.create(organisation=organisation, user=user, role=role)
    user.groups.add(Group.objects.get(name=Role.ENTREPRENEUR))
    for dossier in organisation.dossiers.all():
        routing.grant_applicants(dossier, [user.pk])
    for name in (
        "_role_names",
        "_groups",
        "_group_ids",
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
        "_own_dossier_rows",
    ):
        user.__dict__.pop(name, None)


def create_organisation(user, *, name, siret, region, address="", postcode="", city=""):
    """The person's company, with them as its owner and an entrepreneur."""
    if organisation_of(user) is not None:
        raise InvalidInput(errors={"organisation": [_("You already belong to an organisation.")]})
    siret = clean_siret(siret)
    if not (name or "").strip():
        raise InvalidInput(errors={"name": [_("This field is required.")]})
    if region is None:
        raise InvalidInput(errors={"region": [_("This field is required.")]})
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name.strip(),
                siret=siret,
                region=region,
                address=address,
                postcode=postcode,
                city=city,
            )
            _join(user, organisation, MemberRole.OWNER)
    except IntegrityError as error:
        raise InvalidInput(
            errors={"siret": [_("An organisation with this SIRET number already exists.")]}
        ) from error
    logger.info("Organisation %s declared by user %s", organisation.pk, user.pk)
    return organisation


# Invitations -----------------------------------------------------------------------------------


def invite(owner, email):
    """Send an invitation to ``email``; the same answer whoever the address belongs to.

    Nothing tells the owner whether the address has an account or belongs to another
    organisation: that is only checked when the invitee answers.
    """
    organisation = owned_organisation(owner)
    if organisation is None:
        raise NotPermitted
    email = email.strip()
    now = timezone.now()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        invited_by=owner,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_LIFETIME_DAYS),
    )
    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


@task
def send_invitation(invitation_id):
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, state=InvitationState.PENDING)
        .first()
    )
    if invitation is None:
        return
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "workflows:invitation", args=[invitation.token]
    )
    context = {"invitation": invitation, "link": link}
    send_mail(
        render_to_string("workflows/email/invitation_subject.txt", context).strip(),
        render_to_string("workflows/email/invitation.txt", context),
        None,
        [invitation.email],
    )


def pending_invitations_for(user):
    """Open invitations to any of the user's confirmed email addresses."""
    from allauth.account.models import EmailAddress

    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if not emails:
        return Invitation.objects.none()
    query = Invitation.objects.none()
    for email in emails:
        query |= Invitation.objects.filter(email__iexact=email)
    return (
        query.filter(state=InvitationState.PENDING, expires_at__gt=timezone.now())
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def invitation_by_token(token):
    """The invitation the link points at; ``NotVisible`` once it lapsed or was answered."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None or not invitation.is_open():
        raise NotVisible
    return invitation


def _answer(token, user, state):
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token=token).first()
        if invitation is None or not invitation.is_open():
            raise NotVisible
        invitation.state = state
        invitation.answered_by = user
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["state", "answered_by", "answered_at"])
        if state == InvitationState.ACCEPTED:
            if Membership.objects.filter(user=user).exists():
                raise Conflict(_("You already belong to an organisation."))
            _join(user, invitation.organisation, MemberRole.CO_EDITOR)
    logger.info("Invitation %s %s by user %s", invitation.pk, state, user.pk)
    return invitation


def accept_invitation(token, user):
    """The invitee says yes: they join the organisation and see its dossiers."""
    return _answer(token, user, InvitationState.ACCEPTED)


def decline_invitation(token, user):
    """The invitee says no: nothing is granted."""
    return _answer(token, user, InvitationState.DECLINED)


# Requests to join ------------------------------------------------------------------------------


def request_to_join(user, siret):
    """Ask the owner of the organisation with this SIRET to let ``user`` in."""
    siret = clean_siret(siret)
    if organisation_of(user) is not None:
        raise InvalidInput(errors={"siret": [_("You already belong to an organisation.")]})
    organisation = Organisation.objects.filter(siret=siret).first()
    if organisation is None:
        raise InvalidInput(errors={"siret": [_("No organisation uses this SIRET number yet.")]})
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(organisation=organisation, user=user)
    except IntegrityError:
        return JoinRequest.objects.get(
            organisation=organisation, user=user, state=JoinRequestState.PENDING
        )
    return join_request


def decide_join_request(owner, pk, *, accept):
    """The owner lets the person in (they become a co-editor) or refuses."""
    organisation = owned_organisation(owner)
    if organisation is None:
        raise NotPermitted
    with transaction.atomic():
        join_request = (
            JoinRequest.objects.select_for_update()
            .select_related("user")
            .filter(pk=pk, organisation=organisation, state=JoinRequestState.PENDING)
            .first()
        )
        if join_request is None:
            raise NotVisible
        join_request.state = JoinRequestState.ACCEPTED if accept else JoinRequestState.REFUSED
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["state", "decided_at"])
        if accept:
            if Membership.objects.filter(user=join_request.user).exists():
                raise Conflict(_("This person already belongs to an organisation."))
            _join(join_request.user, organisation, MemberRole.CO_EDITOR)
    return join_request
