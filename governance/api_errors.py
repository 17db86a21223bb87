"""The API's one exception handler: every refusal answers ``{"detail": ..., <field>: [...]}``.

Domain errors (``governance.errors``), Django's ``ValidationError`` (model ``full_clean``) and
DRF's own exceptions all come out in this shape, with the status their type carries, so no
view maps errors itself.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from governance.errors import DomainError, InvalidInput


class DomainAPIError(exceptions.APIException):
    """A domain error on its way through DRF, keeping its status and message."""

    def __init__(self, error):
        self.status_code = error.status
        super().__init__(str(error.message))


def _field_errors(error):
    """The per-field messages of a Django ``ValidationError`` (non-field ones under DRF's key)."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
        for field, messages in error.message_dict.items()
    }


def _as_api_exception(exc):
    if isinstance(exc, InvalidInput):
        return exceptions.ValidationError(exc.errors or {"detail": str(exc.message)})
    if isinstance(exc, DomainError):
        return DomainAPIError(exc)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_field_errors(exc))
    return exc


def _with_detail(data, exc):
    """Add a ``detail`` sentence to validation errors, which DRF gives only per field."""
    if isinstance(data, list):
        return {"detail": " ".join(str(message) for message in data)}
    if not isinstance(data, dict) or "detail" in data:
        return data
    non_field = data.get(api_settings.NON_FIELD_ERRORS_KEY)
    if non_field:
        detail = " ".join(str(message) for message in non_field)
    elif isinstance(exc, InvalidInput):
        detail = str(exc.message)
    else:
        detail = _("Some information is missing or invalid.")
    return {"detail": detail, **data}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler, fed domain errors and one shape out."""
    response = drf_exception_handler(_as_api_exception(exc), context)
    if response is not None:
        if isinstance(response.data, dict) and isinstance(response.data.get("detail"), list):
            response.data["detail"] = " ".join(str(item) for item in response.data["detail"])
        response.data = _with_detail(response.data, exc)
        if isinstance(exc, DomainError):
            response.data.update(exc.data)
    return response
