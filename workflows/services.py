"""The workflow's write paths. Views and the API call these and nothing else.

``perform`` is the only way a dossier changes state: it checks visibility, state, permission
and inputs, applies the transition under a row lock, logs it, routes the dossier, moves the
stage clock and queues the notifications, all in one transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from governance.errors import Conflict, InvalidInput, NotPermitted, NotVisible, UnknownTransition
from governance.models import Region
from workflows import access, letters, routing, uploads
from workflows.models import (
    AdvisoryOpinion,
    Attachment,
    CorrectionRequest,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierTransition,
    Membership,
    Message,
)
from workflows.models.message import MESSAGE_MAX_LENGTH
from workflows.transitions import TRANSITIONS

S = DossierState
CREATE_PERMISSION = "workflows.add_dossier"
EDITABLE_FIELDS = (
    "title",
    "summary",
    "product_description",
    "target_users",
    "evidence",
    "regulatory_status",
    "pathway",
    "region",
)


def _fsm_transition(dossier, name):
    method = getattr(dossier, name)
    return method, method._django_fsm.get_transition(dossier.state)


def available_transitions(dossier, user):
    """Names of the transitions ``user`` may perform now (state and permission allow them).

    Guards on the dossier's content (a complete dossier to submit) are not applied here, so
    the form still shows and explains what is missing.
    """
    if not access.can_view(user, dossier):
        return []
    names = []
    for name in TRANSITIONS:
        _method, fsm_transition = _fsm_transition(dossier, name)
        if fsm_transition is not None and fsm_transition.has_perm(dossier, user):
            names.append(name)
    return names


def perform(dossier, name, user, *, now=None, **inputs):
    """Apply transition ``name`` to ``dossier`` as ``user``; return the updated dossier."""
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise UnknownTransition
    if not access.can_view(user, dossier):
        raise NotVisible
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("hub__group", "region", "organisation", "owner")
                .get(pk=dossier.pk)
            )
            method, fsm_transition = _fsm_transition(locked, name)
            if fsm_transition is None:
                raise Conflict(
                    _("This action is not possible while the dossier is “%(state)s”.")
                    % {"state": locked.get_state_display()}
                )
            if not fsm_transition.has_perm(locked, user):
                raise NotPermitted
            cleaned = spec.clean(inputs)
            _check_guards(locked, fsm_transition)
            source = locked.state
            kwargs = {"to": cleaned["to"]} if spec.needs_destination else {}
            method(now, **kwargs)
            _move_clock(locked, name, now)
            locked.save()
            log = DossierTransition.objects.create(
                dossier=locked,
                transition=name,
                source=source,
                target=locked.state,
                actor=user,
                at=now,
                comment=cleaned["comment"],
            )
            _record(locked, name, user, cleaned, now, source)
            routing.route(locked)
            transaction.on_commit(lambda: _notify(log.pk))
    except ConcurrentTransition as error:
        raise Conflict from error
    return locked


def _check_guards(dossier, fsm_transition):
    for condition in fsm_transition.conditions:
        if condition(dossier):
            continue
        if getattr(condition, "input_guard", False):
            raise InvalidInput(
                _("The dossier is incomplete."),
                errors={
                    field: [_("This field is required to submit the dossier.")]
                    for field in dossier.missing_fields()
                },
            )
        raise Conflict


def _move_clock(dossier, name, now):
    if name == "request_correction":
        dossier.pause_stage_clock(now)
    elif name == "resubmit":
        dossier.resume_stage_clock(now)
    else:
        dossier.start_stage_clock(now)


def _record(dossier, name, user, cleaned, now, source):
    """The records a transition leaves besides the log: correction, answer, opinion, decision."""
    comment = cleaned["comment"]
    if name == "request_correction":
        CorrectionRequest.objects.create(
            dossier=dossier,
            stage=source,
            reason=cleaned["reason"],
            comment=comment,
            requested_by=user,
            requested_at=now,
        )
    elif name == "resubmit":
        CorrectionRequest.objects.filter(dossier=dossier, answered_at__isnull=True).update(
            answer=comment, answered_by=user, answered_at=now
        )
    elif name == "issue_opinion":
        AdvisoryOpinion.objects.create(
            dossier=dossier, value=cleaned["opinion"], motivation=comment, adviser=user,
            issued_at=now,
        )  # fmt: skip
    elif name in ("approve", "reject"):
        outcome = DecisionOutcome.APPROVED if name == "approve" else DecisionOutcome.REJECTED
        decision = Decision.objects.create(
            dossier=dossier, outcome=outcome, motivation=comment, decided_by=user, decided_at=now
        )
        decision.letter = letters.attach_decision_letter(decision)
        decision.save(update_fields=["letter"])


def _notify(log_id):
    from workflows.tasks import notify_transition

    notify_transition.enqueue(log_id)


# Drafts, organisations, attachments and messages ----------------------------------------------


def may_create(user):
    return user.is_authenticated and user.is_active and user.has_perm(CREATE_PERMISSION)


def organisation_of(user):
    membership = Membership.objects.select_related("organisation__region").filter(user=user).first()
    return membership.organisation if membership else None


def create_dossier(user, *, recommendations=(), **fields):
    """A draft filed by an entrepreneur, attached to their organisation when they have one.

    An entrepreneur without an organisation yet may start a draft; submitting needs one.
    """
    if not may_create(user):
        raise NotPermitted(_("Only entrepreneurs may file dossiers."))
    with transaction.atomic():
        dossier = Dossier(owner=user, organisation=organisation_of(user))
        for name, value in fields.items():
            if name in EDITABLE_FIELDS:
                setattr(dossier, name, value)
        dossier.save()
        if recommendations:
            dossier.recommendations.set(recommendations)
        routing.grant_applicants(dossier)
    return dossier


def update_dossier(dossier, user, *, recommendations=None, **fields):
    """Edit a draft, or a dossier whose correction was requested, as its applicant."""
    if not access.can_view(user, dossier):
        raise NotVisible
    if access.ACT_AS_APPLICANT not in access.perms_for(user, dossier):
        raise NotPermitted
    with transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if not locked.is_editable:
            raise Conflict(_("This dossier can no longer be edited."))
        changed = []
        for name, value in fields.items():
            if name in EDITABLE_FIELDS and not (name == "region" and locked.state != S.DRAFT):
                setattr(locked, name, value)
                changed.append(name)
        if locked.organisation_id is None:
            locked.organisation = organisation_of(user)
            changed.append("organisation")
        locked.save(update_fields=[*changed, "updated_at"] if changed else ["updated_at"])
        if recommendations is not None:
            locked.recommendations.set(recommendations)
        if "organisation" in changed and locked.organisation_id:
            routing.grant_applicants(locked)
    return locked


def add_attachment(dossier, user, upload):
    """Attach a file the applicant uploaded, after checking its real type and its size."""
    if not access.can_view(user, dossier):
        raise NotVisible
    if access.ACT_AS_APPLICANT not in access.perms_for(user, dossier):
        raise NotPermitted
    if dossier.is_final:
        raise Conflict(_("This dossier is closed: no more documents can be added."))
    content_type = uploads.check(upload)
    return Attachment.objects.create(
        dossier=dossier,
        file=upload,
        name=uploads.safe_name(upload.name),
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )


def post_message(dossier, user, body):
    """A message from the applicant or a reviewer who may see the dossier."""
    if not access.can_view(user, dossier):
        raise NotVisible
    body = (body or "").strip()
    if not body:
        raise InvalidInput(errors={"body": [_("Write a message.")]})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise InvalidInput(
            errors={"body": [_("At most %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}]}
        )
    message = Message.objects.create(dossier=dossier, author=user, body=body)
    transaction.on_commit(lambda: _notify_message(message.pk))
    return message


def _notify_message(message_id):
    from workflows.tasks import notify_message

    notify_message.enqueue(message_id)


def region_by_slug(slug):
    return Region.objects.filter(slug=slug).first()
