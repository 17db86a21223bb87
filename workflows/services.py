"""The workflow's write paths. Views and the API call these and nothing else.

``perform`` is the only way a dossier changes state and ``perform_review`` the only way a
review does: each checks visibility, state, permission and inputs, applies the transition
under a row lock on the dossier, logs it, applies its declaration (clock, records), routes the
dossier and queues the notifications, all in one transaction. The last settled review of a
round moves the dossier on in that same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from governance import uploads
from governance.errors import Conflict, InvalidInput, NotPermitted, NotVisible, UnknownTransition
from governance.models import Region
from workflows import access, routing
from workflows.models import (
    SETTLED_STATES,
    Attachment,
    Dossier,
    DossierState,
    DossierTransition,
    EnclosedFile,
    ExpertReview,
    Membership,
    Message,
    ReviewState,
)
from workflows.models.message import MESSAGE_MAX_LENGTH
from workflows.procedures import procedure_of
from workflows.transitions import (
    CONCLUDE_REVIEWS,
    REVIEW_TRANSITIONS,
    TRANSITIONS,
    Step,
    resolve,
    review_log_name,
)

S = DossierState
CREATE_PERMISSION = "workflows.add_dossier"
EDITABLE_FIELDS = (
    "title",
    "summary",
    "product_description",
    "target_users",
    "evidence",
    "regulatory_status",
    "product_kind",
    "pathway",
    "region",
)


def _fsm_transition(obj, name):
    method = getattr(obj, name)
    return method, method._django_fsm.get_transition(obj.state)


def available_transitions(dossier, user):
    """Names of the transitions ``user`` may perform now (state and permission allow them).

    Guards on the dossier's content (a complete dossier to submit) are not applied here, so
    the form still shows and explains what is missing; guards on the procedure are.
    """
    if not access.can_view(user, dossier):
        return []
    names = []
    for name in TRANSITIONS:
        _method, fsm_transition = _fsm_transition(dossier, name)
        if fsm_transition is None or not fsm_transition.has_perm(dossier, user):
            continue
        if all(
            condition(dossier)
            for condition in fsm_transition.conditions
            if not getattr(condition, "input_guard", False)
        ):
            names.append(name)
    return names


def _lock(dossier):
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("hub__group", "region", "organisation", "owner")
        .get(pk=dossier.pk)
    )


def _log(dossier, name, user, source, now, comment=""):
    log = DossierTransition.objects.create(
        dossier=dossier,
        transition=name,
        source=source,
        target=dossier.state,
        actor=user,
        at=now,
        comment=comment,
    )
    if source != dossier.state:
        transaction.on_commit(lambda: _notify(log.pk))
    return log


def perform(dossier, name, user, *, now=None, **inputs):
    """Apply transition ``name`` to ``dossier`` as ``user``; return the updated dossier."""
    spec = resolve(name)
    if spec is None:
        raise UnknownTransition
    if not access.can_view(user, dossier):
        raise NotVisible
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = _lock(dossier)
            method, fsm_transition = _fsm_transition(locked, spec.name)
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
            method(now, **({"to": cleaned["to"]} if spec.needs_destination else {}))
            step = Step(locked, user, cleaned, now, source)
            spec.clock(step)
            locked.save()
            _log(locked, spec.name, user, source, now, cleaned["comment"])
            spec.records(step)
            routing.route(locked)
            _workbench_effects(locked, spec.name, now)
    except ConcurrentTransition as error:
        raise Conflict from error
    return locked


def _workbench_effects(dossier, name, now):
    """A filing (dossier transition ``name``) freezes a version; a dossier passed to another
    group loses its assignee. Review steps pass no name: they file nothing."""
    from workflows import workbench

    if name in workbench.VERSIONED_TRANSITIONS:
        workbench.freeze_version(dossier, now)
    workbench.release_stale_assignment(dossier)


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


def _notify(log_id):
    from workflows.tasks import notify_transition

    notify_transition.enqueue(log_id)


# Expert reviews ---------------------------------------------------------------------------------


def available_review_transitions(review, user):
    """Names of the review transitions ``user`` may perform now on ``review``."""
    if not access.can_view_review(user, review):
        return []
    names = []
    for name in REVIEW_TRANSITIONS:
        _method, fsm_transition = _fsm_transition(review, name)
        if (
            fsm_transition is not None
            and fsm_transition.has_perm(review, user)
            and all(condition(review) for condition in fsm_transition.conditions)
        ):
            names.append(name)
    return names


def perform_review(review, name, user, *, now=None, **inputs):
    """Apply review transition ``name`` as a member of the review's body; return the review.

    The dossier row is locked first, so two bodies submitting at the same instant are applied
    one after the other and the second sees the first: the dossier moves on exactly once.
    """
    spec = REVIEW_TRANSITIONS.get(name)
    if spec is None:
        raise UnknownTransition
    if not access.can_view_review(user, review):
        raise NotVisible
    now = now or timezone.now()
    try:
        with transaction.atomic():
            dossier = _lock(review.dossier)
            locked = (
                ExpertReview.objects.select_for_update(of=("self",))
                .select_related("group")
                .get(pk=review.pk)
            )
            locked.dossier = dossier
            method, fsm_transition = _fsm_transition(locked, name)
            if fsm_transition is None:
                raise Conflict(
                    _("This action is not possible while the review is “%(state)s”.")
                    % {"state": locked.get_state_display()}
                )
            if not fsm_transition.has_perm(locked, user):
                raise NotPermitted
            scale = procedure_of(dossier).review_for(locked.body).scale
            cleaned = spec.clean(inputs, scale=scale)
            if not all(condition(locked) for condition in fsm_transition.conditions):
                raise Conflict(
                    _("The dossier is waiting for the applicant: the review resumes afterwards.")
                )
            method(now, user)
            step = Step(dossier, user, cleaned, now, dossier.state, review=locked)
            spec.records(step)
            locked.save()
            # The review holds its motivation; the log only names the step, so the history
            # shows no body's opinion to those who may not see that review.
            _log(dossier, review_log_name(name, locked.body), user, dossier.state, now)
            if locked.state in SETTLED_STATES:
                _conclude_if_settled(dossier, user, now)
            routing.route(dossier)
            _workbench_effects(dossier, None, now)
    except ConcurrentTransition as error:
        raise Conflict from error
    return locked


def _conclude_if_settled(dossier, user, now):
    """When every review of the round is settled, the dossier moves on by itself (logged as
    ``conclude_reviews`` by whoever settled the last one)."""
    reviews = list(dossier.reviews.filter(round=dossier.review_round))
    if any(review.state not in SETTLED_STATES for review in reviews):
        return
    procedure = procedure_of(dossier)
    suspensive = [
        review
        for review in reviews
        if review.state == ReviewState.SUBMITTED
        and review.opinion in procedure.review_for(review.body).suspensive
    ]
    target = S.CORRECTION_REQUESTED if suspensive else procedure.after_reviews
    source = dossier.state
    dossier.conclude_reviews(now, target)
    step = Step(dossier, user, {"comment": "", "suspensive_reviews": suspensive}, now, source)
    CONCLUDE_REVIEWS.clock(step)
    dossier.save()
    _log(dossier, CONCLUDE_REVIEWS.name, user, source, now)
    CONCLUDE_REVIEWS.records(step)


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


def post_message(dossier, user, body, files=()):
    """A message from the applicant or a reviewer who may see the dossier, with the files
    they enclosed (every one checked before anything is saved)."""
    if not access.can_view(user, dossier):
        raise NotVisible
    body, checked = uploads.check_text_with_files(
        body, files, max_length=MESSAGE_MAX_LENGTH, empty_message=_("Write a message.")
    )
    with transaction.atomic():
        message = Message.objects.create(dossier=dossier, author=user, body=body)
        EnclosedFile.enclose(checked, dossier=dossier, uploaded_by=user, message=message)
    transaction.on_commit(lambda: _notify_message(message.pk))
    return message


def _notify_message(message_id):
    from workflows.tasks import notify_message

    notify_message.enqueue(message_id)


def region_by_slug(slug):
    return Region.objects.filter(slug=slug).first()
