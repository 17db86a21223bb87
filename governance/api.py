"""Governance API: authentication tokens (recommendations and progress come with issue #6)."""

from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from governance.staff_mfa import must_set_up_mfa


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the API token to send as ``Authorization: Token``.

    Throttled per client address, since allauth's own login limits do not cover this endpoint.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if must_set_up_mfa(user):
            raise PermissionDenied(
                _("Staff accounts must set up two-factor authentication before using the API.")
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


def public_api_only(endpoints, **kwargs):
    """drf-spectacular hook: document /api/v1/ only, not the Wagtail admin's internal API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
