"""Governance API: authentication tokens (recommendations and progress come with issue #6)."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the API token to send as ``Authorization: Token``.

    Throttled per client address, since allauth's own login limits do not cover this endpoint.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"


def public_api_only(endpoints, **kwargs):
    """drf-spectacular hook: document /api/v1/ only, not the Wagtail admin's internal API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
