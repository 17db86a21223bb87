"""What each transition asks of the person performing it (the inputs of DESIGN.md's table).

The service validates inputs against these specs; the pages render one form per spec, in this
order: moving forward first, then corrections, closing and withdrawing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from governance.errors import InvalidInput
from workflows.models import CorrectionReason, DossierState, OpinionValue

COMMENT_MAX_LENGTH = 5000
RETURN_DESTINATIONS = (DossierState.HUB_REVIEW, DossierState.HAS_REVIEW)


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    comment_label: str = ""
    comment_required: bool = False
    needs_opinion: bool = False
    needs_destination: bool = False
    takes_reason: bool = False
    button_style: str = ""
    confirm: str = ""

    @property
    def takes_comment(self):
        return bool(self.comment_label)

    def clean(self, inputs):
        """The validated inputs, or ``InvalidInput`` naming each bad field."""
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
            opinion = inputs.get("opinion")
            if opinion not in OpinionValue.values:
                errors["opinion"] = [
                    _("Choose one of: %(values)s.") % {"values": ", ".join(OpinionValue.values)}
                ]
            cleaned["opinion"] = opinion
        if self.needs_destination:
            destination = inputs.get("to")
            if destination not in RETURN_DESTINATIONS:
                errors["to"] = [
                    _("Choose one of: %(values)s.") % {"values": ", ".join(RETURN_DESTINATIONS)}
                ]
            cleaned["to"] = destination
        if self.takes_reason:
            reason = inputs.get("reason") or CorrectionReason.INCOMPLETE
            if reason not in CorrectionReason.values:
                errors["reason"] = [
                    _("Choose one of: %(values)s.") % {"values": ", ".join(CorrectionReason.values)}
                ]
            cleaned["reason"] = reason
        if errors:
            raise InvalidInput(errors=errors)
        return cleaned


TRANSITIONS = {
    spec.name: spec
    for spec in [
        TransitionSpec("submit", _("Submit the dossier")),
        TransitionSpec(
            "resubmit",
            _("Send the corrected dossier"),
            comment_label=_("Your answer to the correction request"),
        ),
        TransitionSpec("take_charge", _("Take charge")),
        TransitionSpec(
            "refer_to_has",
            _("Refer to the HAS"),
            comment_label=_("The hub's qualification of the dossier"),
            comment_required=True,
        ),
        TransitionSpec(
            "hand_off",
            _("Hand off to the decision-makers"),
            comment_label=_("Why no HAS review is needed"),
            comment_required=True,
            button_style="fr-btn--secondary",
        ),
        TransitionSpec(
            "issue_opinion",
            _("Issue the advisory opinion"),
            comment_label=_("Motivation of the opinion"),
            comment_required=True,
            needs_opinion=True,
        ),
        TransitionSpec(
            "approve",
            _("Approve"),
            comment_label=_("Motivation of the decision"),
            comment_required=True,
        ),
        TransitionSpec(
            "reject",
            _("Reject"),
            comment_label=_("Motivation of the decision"),
            comment_required=True,
            button_style="fr-btn--secondary",
        ),
        TransitionSpec(
            "return_for_review",
            _("Return for review"),
            comment_label=_("What should be reviewed again"),
            comment_required=True,
            needs_destination=True,
            button_style="fr-btn--tertiary",
        ),
        TransitionSpec(
            "request_correction",
            _("Request a correction"),
            comment_label=_("What must be corrected"),
            comment_required=True,
            takes_reason=True,
            button_style="fr-btn--secondary",
        ),
        TransitionSpec(
            "close",
            _("Close without follow-up"),
            comment_label=_("Why the dossier is closed (not eligible, no follow-up)"),
            comment_required=True,
            button_style="fr-btn--tertiary",
        ),
        TransitionSpec(
            "withdraw",
            _("Withdraw the dossier"),
            comment_label=_("Reason (optional)"),
            button_style="fr-btn--tertiary",
            confirm=_("Withdrawing is final: the dossier cannot be resumed afterwards."),
        ),
    ]
}
TRANSITION_NAMES = tuple(TRANSITIONS)
