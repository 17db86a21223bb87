"""One declaration per transition, dossier and review alike: its inputs, its effect on the
clocks and the records it writes. Who may perform it and between which states is declared on
the models' ``@transition``; which group acts next follows the target state
(``workflows.routing.ACTING``). The service applies a declaration and nothing else, so adding
a transition touches this table and the model, not the service.

The pages render one form per declaration, in this order: moving forward first, then
corrections, closing and withdrawing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from governance import uploads
from governance.errors import InvalidInput
from workflows.models import (
    CLOCKED_STATES,
    CorrectionReason,
    CorrectionRequest,
    Decision,
    DecisionOutcome,
    DossierState,
    EnclosedFile,
    ExpertReview,
    FollowUpObligation,
    ReviewOpinion,
)
from workflows.procedures import BODIES, due_after, procedure_of, stage_days

COMMENT_MAX_LENGTH = 5000
RETURN_DESTINATIONS = (DossierState.HUB_REVIEW, DossierState.EXPERT_REVIEW)
S = DossierState


@dataclass
class Step:
    """What a transition's clock effect and records work on."""

    dossier: object
    user: object
    cleaned: dict
    now: object
    source: str
    review: object = None


# Clock effects ---------------------------------------------------------------------------------


def start_clock(step):
    """A fresh deadline for the stage entered (none outside clocked stages)."""
    dossier = step.dossier
    days = stage_days(dossier.pathway, dossier.state) if dossier.state in CLOCKED_STATES else None
    dossier.start_stage_clock(step.now, days)


def pause_clocks(step):
    """The applicant has the hand: the stage clock and every running review clock stop."""
    step.dossier.pause_stage_clock(step.now)
    for review in step.dossier.reviews.filter(round=step.dossier.review_round).running():
        review.pause_clock(step.now)
        review.save(update_fields=["paused_at"])


def resume_clocks(step):
    """Back from the applicant: the clocks resume where they stopped (or start afresh)."""
    dossier = step.dossier
    if dossier.stage_due_at is None:
        start_clock(step)
    else:
        dossier.resume_stage_clock(step.now)
    for review in dossier.reviews.filter(paused_at__isnull=False):
        review.resume_clock(step.now)
        review.save(update_fields=["due_at", "paused_at"])


def conclude_clock(step):
    """After the reviews: the next stage's clock, or none while a reservation is lifted."""
    if step.dossier.state == S.CORRECTION_REQUESTED:
        step.dossier.stop_stage_clock(step.now)
    else:
        start_clock(step)


def no_clock(step):
    """Review steps leave the dossier's clock alone."""


# Records ---------------------------------------------------------------------------------------


def open_reviews(step):
    """One review per body of the procedure, all running at once, each with its own deadline."""
    dossier = step.dossier
    if dossier.state != S.EXPERT_REVIEW:
        return
    procedure = procedure_of(dossier)
    due_at = due_after(dossier.pathway, S.EXPERT_REVIEW, step.now)
    names = [review.body.group_name(dossier) for review in procedure.reviews]
    groups = {group.name: group for group in Group.objects.filter(name__in=names)}
    ExpertReview.objects.bulk_create(
        ExpertReview(
            dossier=dossier,
            round=dossier.review_round,
            body=review.body.slug,
            group=groups[review.body.group_name(dossier)],
            confidential=procedure.confidential,
            requested_at=step.now,
            due_at=due_at,
        )
        for review in procedure.reviews
    )


def ask_correction(step):
    """The request, with the files the reviewer enclosed (the applicant may download them)."""
    correction = CorrectionRequest.objects.create(
        dossier=step.dossier,
        stage=step.source,
        reason=step.cleaned["reason"],
        comment=step.cleaned["comment"],
        requested_by=step.user,
        requested_at=step.now,
    )
    EnclosedFile.enclose(
        step.cleaned["files"], dossier=step.dossier, uploaded_by=step.user, correction=correction
    )


def answer_correction(step):
    CorrectionRequest.objects.filter(dossier=step.dossier, answered_at__isnull=True).update(
        answer=step.cleaned["comment"], answered_by=step.user, answered_at=step.now
    )


def _decide(step, outcome):
    decision = Decision.objects.create(
        dossier=step.dossier,
        outcome=outcome,
        motivation=step.cleaned["comment"],
        decided_by=step.user,
        decided_at=step.now,
    )
    # The letter is drawn once the decision is committed: a rollback leaves no file behind.
    transaction.on_commit(lambda: _queue_letter(decision.pk))
    return decision


def _queue_letter(decision_id):
    from workflows.tasks import write_decision_letter

    write_decision_letter.enqueue(decision_id)


def approve(step):
    """The decision, and the follow-up obligations the procedure attaches to an approval."""
    _decide(step, DecisionOutcome.APPROVED)
    FollowUpObligation.objects.bulk_create(
        FollowUpObligation(
            dossier=step.dossier,
            kind=follow_up.kind,
            due_at=follow_up.due_at(step.dossier, step.now),
        )
        for follow_up in procedure_of(step.dossier).follow_ups
    )


def reject(step):
    _decide(step, DecisionOutcome.REJECTED)


def lift_suspensive_reservations(step):
    """A suspensive reservation becomes the correction the applicant must make (the first one
    carries the request: a dossier has one open correction at a time)."""
    reserved = step.cleaned["suspensive_reviews"]
    if step.dossier.state != S.CORRECTION_REQUESTED or not reserved:
        return
    CorrectionRequest.objects.create(
        dossier=step.dossier,
        stage=S.EXPERT_REVIEW,
        reason=CorrectionReason.INCOMPLETE,
        comment=reserved[0].comment,
        requested_by=reserved[0].submitted_by,
        requested_at=step.now,
    )


def write_opinion(step):
    review, cleaned = step.review, step.cleaned
    review.opinion = cleaned["opinion"]
    review.comment = cleaned["comment"]
    upload = cleaned.get("file")
    if upload is not None:
        review.file_content_type = uploads.check(upload)
        review.file_name = uploads.safe_name(upload.name)
        review.file.save(review.file_name, upload, save=False)


def write_reason(step):
    step.review.comment = step.cleaned["comment"]


def nothing(step):
    """No record besides the log."""


# Declarations ----------------------------------------------------------------------------------


def _choice_error(choices, values):
    """The allowed values by their labels, never their internal codes."""
    labels = ", ".join(str(choices(value).label) for value in values)
    return [_("Choose one of: %(values)s.") % {"values": labels}]


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    comment_label: str = ""
    comment_required: bool = False
    needs_opinion: bool = False
    needs_destination: bool = False
    takes_reason: bool = False
    takes_file: bool = False
    # One or more enclosed files (input ``files``), checked by content before anything applies.
    takes_files: bool = False
    button_style: str = ""
    # Non-empty: the action is final, and this warning is confirmed before it applies.
    confirm: str = ""
    # What happened and what comes next, shown once it is done; placeholders: ``reference``,
    # ``hub`` (the dossier's hub) and ``state`` (the state reached).
    done_message: str = ""
    clock: object = start_clock
    records: object = nothing
    aliases: tuple = ()

    @property
    def takes_comment(self):
        return bool(self.comment_label)

    @property
    def needs_confirmation(self):
        return bool(self.confirm)

    def uploaded(self, files, prefix):
        """The file inputs this transition takes, read from a request's ``files``."""
        if not self.takes_files:
            return {}
        return {"files": files.getlist(f"{prefix}-files" if prefix else "files")}

    def done_text(self, dossier):
        """The success message for ``dossier`` once this transition has moved it."""
        return self.done_message % {
            "reference": dossier.reference,
            "hub": dossier.hub.name if dossier.hub_id else _("your regional hub"),
            "state": dossier.get_state_display(),
        }

    def clean(self, inputs, scale=()):
        """The validated inputs, or ``InvalidInput`` naming each bad field.

        ``scale`` is the opinion scale of the review being submitted (empty: no opinion, the
        comment is the written recommendation).
        """
        errors = {}
        cleaned = {}
        comment = inputs.get("comment") or ""
        if not isinstance(comment, str):
            errors["comment"] = [_("Enter text.")]
        else:
            comment = comment.strip()
            if self.comment_required and not comment:
                errors["comment"] = [_("This comment is required.")]
            elif len(comment) > COMMENT_MAX_LENGTH:
                errors["comment"] = [_("At most %(max)s characters.") % {"max": COMMENT_MAX_LENGTH}]
        cleaned["comment"] = comment if self.takes_comment else ""
        if self.needs_opinion:
            opinion = inputs.get("opinion") or ""
            if scale and opinion not in scale:
                errors["opinion"] = _choice_error(ReviewOpinion, scale)
            elif not scale and opinion:
                errors["opinion"] = [_("This procedure gives written recommendations, no opinion.")]
            cleaned["opinion"] = opinion
        if self.needs_destination:
            destination = inputs.get("to")
            if destination not in RETURN_DESTINATIONS:
                errors["to"] = _choice_error(DossierState, RETURN_DESTINATIONS)
            cleaned["to"] = destination
        if self.takes_reason:
            reason = inputs.get("reason") or CorrectionReason.INCOMPLETE
            if reason not in CorrectionReason.values:
                errors["reason"] = _choice_error(CorrectionReason, CorrectionReason.values)
            cleaned["reason"] = reason
        if self.takes_file:
            cleaned["file"] = inputs.get("file") or None
        if self.takes_files:
            try:
                cleaned["files"] = uploads.check_files(inputs.get("files"))
            except InvalidInput as error:
                errors.update(error.errors)
        if errors:
            raise InvalidInput(errors=errors)
        return cleaned


TRANSITIONS = {
    spec.name: spec
    for spec in [
        TransitionSpec(
            "submit",
            _("Submit the dossier"),
            done_message=_(
                "Dossier %(reference)s submitted: %(hub)s will take charge of it. A receipt "
                "was emailed to you, and you will be emailed at each step."
            ),
        ),
        TransitionSpec(
            "resubmit",
            _("Send the corrected dossier"),
            comment_label=_("Your answer to the correction request"),
            clock=resume_clocks,
            records=answer_correction,
            done_message=_(
                "Corrected dossier sent: its review resumes where it stopped. You will be "
                "emailed at the next step."
            ),
        ),
        TransitionSpec(
            "take_charge",
            _("Take charge"),
            done_message=_(
                "You took charge of dossier %(reference)s: qualify it, then refer it for expert "
                "review, hand it off or request a correction."
            ),
        ),
        TransitionSpec(
            "refer_for_review",
            _("Refer for expert review"),
            comment_label=_("The hub's qualification of the dossier"),
            comment_required=True,
            records=open_reviews,
            aliases=("refer_to_has",),
            done_message=_(
                "Dossier referred for expert review: the bodies of its procedure were asked "
                "for their reviews; the applicant is informed."
            ),
        ),
        TransitionSpec(
            "hand_off",
            _("Hand off to the decision-makers"),
            comment_label=_("Why no expert review is needed"),
            comment_required=True,
            button_style="fr-btn--secondary",
            done_message=_(
                "Dossier handed off: it now awaits the decision-makers; the applicant is informed."
            ),
        ),
        TransitionSpec(
            "approve",
            _("Approve"),
            comment_label=_("Motivation of the decision"),
            comment_required=True,
            records=approve,
            confirm=_(
                "Approving is final: the decision is notified to the applicant with its "
                "letter and cannot be changed afterwards."
            ),
            done_message=_(
                "Dossier %(reference)s approved: the applicant is notified and the decision "
                "letter is attached to the dossier."
            ),
        ),
        TransitionSpec(
            "reject",
            _("Reject"),
            comment_label=_("Motivation of the decision"),
            comment_required=True,
            button_style="fr-btn--secondary",
            records=reject,
            confirm=_(
                "Rejecting is final: the decision is notified to the applicant with its letter "
                "and cannot be changed afterwards."
            ),
            done_message=_(
                "Dossier %(reference)s rejected: the applicant is notified and the decision "
                "letter, with the routes of appeal, is attached to the dossier."
            ),
        ),
        TransitionSpec(
            "return_for_review",
            _("Return for review"),
            comment_label=_("What should be reviewed again"),
            comment_required=True,
            needs_destination=True,
            button_style="fr-btn--tertiary",
            records=open_reviews,
            done_message=_("Dossier returned for review: it is now “%(state)s”."),
        ),
        TransitionSpec(
            "request_correction",
            _("Request a correction"),
            comment_label=_("What must be corrected"),
            comment_required=True,
            takes_reason=True,
            takes_files=True,
            button_style="fr-btn--secondary",
            clock=pause_clocks,
            records=ask_correction,
            done_message=_(
                "Correction requested: the applicant is emailed and the stage deadline is "
                "paused until they send the corrected dossier."
            ),
        ),
        TransitionSpec(
            "close",
            _("Close without follow-up"),
            comment_label=_("Why the dossier is closed (not eligible, no follow-up)"),
            comment_required=True,
            button_style="fr-btn--tertiary",
            confirm=_("Closing is final: the dossier cannot be resumed afterwards."),
            done_message=_(
                "Dossier %(reference)s closed without follow-up: the applicant is notified "
                "with your reason."
            ),
        ),
        TransitionSpec(
            "withdraw",
            _("Withdraw the dossier"),
            comment_label=_("Reason (optional)"),
            button_style="fr-btn--tertiary",
            confirm=_("Withdrawing is final: the dossier cannot be resumed afterwards."),
            done_message=_(
                "Dossier %(reference)s withdrawn: its review has stopped for good. You may "
                "file a new dossier at any time."
            ),
        ),
    ]
}
TRANSITION_NAMES = tuple(TRANSITIONS)
ALIASES = {alias: spec.name for spec in TRANSITIONS.values() for alias in spec.aliases}

# Applied by the service when the last review of a round is settled; nobody asks for it.
CONCLUDE_REVIEWS = TransitionSpec(
    "conclude_reviews",
    _("Reviews concluded"),
    clock=conclude_clock,
    records=lift_suspensive_reservations,
)

REVIEW_TRANSITIONS = {
    spec.name: spec
    for spec in [
        TransitionSpec(
            "accept",
            _("Accept the review"),
            clock=no_clock,
            done_message=_("Review accepted: submit it before its deadline."),
        ),
        TransitionSpec(
            "submit",
            _("Submit the review"),
            comment_label=_("Motivation (or written recommendations)"),
            comment_required=True,
            needs_opinion=True,
            takes_file=True,
            clock=no_clock,
            records=write_opinion,
            confirm=_(
                "Submitting is final: the opinion is filed with the dossier and cannot be "
                "changed afterwards."
            ),
            done_message=_(
                "Review submitted. The dossier is now “%(state)s”: it moves on once every review "
                "of its procedure is in."
            ),
        ),
        TransitionSpec(
            "decline",
            _("Decline the review"),
            comment_label=_("Why the body declines"),
            comment_required=True,
            button_style="fr-btn--tertiary",
            clock=no_clock,
            records=write_reason,
            confirm=_(
                "Declining is final: the body gives no review in this round and the dossier "
                "moves on without it."
            ),
            done_message=_(
                "Review declined: your reason is recorded and the dossier moves on without it."
            ),
        ),
    ]
}
REVIEW_TRANSITION_NAMES = tuple(REVIEW_TRANSITIONS)


def review_log_name(review_name, body):
    """How a review step reads in the dossier's history, e.g. ``submit_ans_review``."""
    return f"{review_name}_{BODIES[body].slug.value}_review"


def resolve(name):
    """The declaration of dossier transition ``name`` (aliases included), or None."""
    return TRANSITIONS.get(ALIASES.get(name, name))
