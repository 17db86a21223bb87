"""The refusals every app's services raise, each carrying its HTTP meaning.

Views show them on the page; the API's one exception handler (``governance.api_errors``) turns
them into ``{"detail": ..., <field>: [...]}`` (plus any ``data``) with their ``status``.
``NotVisible`` is also a Django ``Http404``, ``NotPermitted`` a ``PermissionDenied`` and
``InvalidInput`` a ``ValidationError``, so code and pages speaking Django's vocabulary still work.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """``errors`` holds the messages of each field at fault, ``data`` what else the answer says."""

    status = 400
    default_message = _("This action is not possible.")

    def __init__(self, message=None, errors=None, data=None):
        self.message = message or self.default_message
        self.errors = errors or {}
        self.data = data or {}
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


class NotVisible(DomainError, Http404):
    """The user may not see the object: 404, never revealing that it exists."""

    status = 404
    default_message = _("This does not exist, or you may not see it.")


class UnknownTransition(NotVisible):
    """No transition has this name: 404, like any unknown address."""

    default_message = _("No such transition.")


class NotPermitted(DomainError, PermissionDenied):
    """The user sees the object but may not do this: 403."""

    status = 403
    default_message = _("You may not perform this action.")


class InvalidInput(DomainError, ValidationError):
    """Missing or invalid input: 400, with the messages of each field in ``errors``."""

    status = 400
    default_message = _("Some information is missing or invalid.")

    def __init__(self, message=None, errors=None):
        errors = {
            field: list(messages) if isinstance(messages, list | tuple) else [messages]
            for field, messages in (errors or {}).items()
        }
        message = message or self.default_message
        ValidationError.__init__(self, errors or {NON_FIELD_ERRORS: [message]})
        self.message = message
        self.errors = errors
        self.data = {}


class Conflict(DomainError):
    """Not possible in the object's current state, or someone else acted first: 409."""

    status = 409
    default_message = _(
        "This action is no longer possible: things have changed in the meantime. Reload the page "
        "and try again."
    )
