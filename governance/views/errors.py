"""The site's error answers (handler400/403/404/500, CSRF_FAILURE_VIEW): DSFR pages, or JSON
under /api/.

A database that cannot be reached answers 503 instead of 500, with a page drawn without any
query (no request context, hence no context processor), so it shows even in an outage.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


def _is_api(request):
    return request.path.startswith("/api/")


def _answer(request, status, detail, message=""):
    if _is_api(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(
        request, f"{status}.html", {"status_code": status, "message": message}, status=status
    )


@requires_csrf_token
def bad_request(request, exception):
    return _answer(request, 400, _("Bad request."))


@requires_csrf_token
def forbidden(request, exception):
    return _answer(request, 403, _("You do not have permission to perform this action."))


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A write refused by the CSRF check: the site's 403, not Django's bare technical page."""
    message = _(
        "The form could not be checked: it was not sent from this site, or your session has "
        "expired. Reload the page and try again."
    )
    return _answer(request, 403, message, message)


@requires_csrf_token
def not_found(request, exception):
    return _answer(request, 404, _("Not found."))


def database_unavailable(request):
    """503 when the database is down: a static page (or JSON), and when to try again."""
    detail = _("The service is temporarily unavailable: its database cannot be reached.")
    if _is_api(request):
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"status_code": 503}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """500, or 503 when what failed is the connection to the database."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return HttpResponse(render_to_string("500.html", {"status_code": 500}), status=500)
