"""Staff sign in with a second factor: in production, staff without TOTP are sent to set it up.

Staff are superusers and members of any role group other than ``entrepreneurs`` (hub staff,
HAS advisers, decision-makers, ministry, moderators, editors): they see unpublished dossiers and
act in the State's name. Citizens and entrepreneurs are not asked. Off in the demo
(``DJANGO_REQUIRE_STAFF_MFA``, default: on when debug is off). A session whose sign-in already
used several factors (local TOTP, or ProConnect asserting MFA in its ID token) counts as MFA.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from governance.roles import Role, user_roles

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/langue/")
# Set for the session's lifetime by governance.oidc when the identity provider asserted MFA.
PROVIDER_MFA_SESSION_KEY = "staff_mfa_by_provider"


def mark_session_mfa(request, provider_id):
    request.session[PROVIDER_MFA_SESSION_KEY] = provider_id


def session_passed_mfa(request):
    """True when this session's sign-in used a second factor, here (TOTP) or at ProConnect."""
    if request.session.get(PROVIDER_MFA_SESSION_KEY):
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def must_set_up_mfa(user):
    return settings.REQUIRE_STAFF_MFA and is_staff_member(user) and not is_mfa_enabled(user)


def is_staff_member(user):
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(user_roles(user) - {Role.ENTREPRENEUR.value})


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not request.path.startswith(EXEMPT_PREFIXES)
            and must_set_up_mfa(request.user)
            and not session_passed_mfa(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Staff accounts must set up two-factor authentication first.")},
                    status=403,
                )
            messages.warning(
                request,
                _(
                    "Your account gives access to non-public data: set up two-factor "
                    "authentication to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
