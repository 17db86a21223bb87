"""Typed refusals of the workflow service; views and the API map each to one HTTP status."""

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    status = 400
    default_message = _("This action is not possible.")

    def __init__(self, message=None, errors=None):
        self.message = message or self.default_message
        self.errors = errors or {}
        super().__init__(str(self.message))


class NotVisible(WorkflowError):
    """The user may not see the dossier: answer 404, never reveal that it exists."""

    status = 404
    default_message = _("No such dossier.")


class UnknownTransition(WorkflowError):
    """No transition has this name: 404, like any unknown address."""

    status = 404
    default_message = _("No such transition.")


class NotPermitted(WorkflowError):
    """The user sees the dossier but may not perform this transition: 403."""

    status = 403
    default_message = _("You may not perform this action on this dossier.")


class InvalidInput(WorkflowError):
    """Missing or invalid input (comment, opinion, destination, incomplete dossier): 400."""

    status = 400
    default_message = _("Some information is missing or invalid.")


class Conflict(WorkflowError):
    """Not possible from the dossier's current state, or someone else acted first: 409."""

    status = 409
    default_message = _(
        "This action is no longer possible: the dossier has changed. Reload it and try again."
    )
