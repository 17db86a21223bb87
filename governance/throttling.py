"""Rate limits of the API, counted against the trusted client address (governance.client_address).

``SharedRateThrottle`` and ``consume_shared_limit`` let a page and an API endpoint doing the same
thing (posting a comment) spend one budget per user: both go through django-ratelimit with the
same group, key and rate, hence the same cache counter. Rates live in one table,
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``.
"""

import hashlib

from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle, SimpleRateThrottle

from governance.client_address import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request)


class ScopedClientThrottle(ClientAddressMixin, ScopedRateThrottle):
    """DRF's scoped throttle, per user when signed in, else per trusted client address."""


class AccountThrottle(SimpleRateThrottle):
    """Per account named in the request (``username``), whatever address the guesses come from.

    The name is hashed into the cache key: it is whatever the client sent, and cache backends
    refuse keys with spaces or control characters.
    """

    scope = "auth-token-account"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None
        name = username.strip().casefold().encode(errors="surrogatepass")
        ident = hashlib.sha256(name).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


def shared_rate(group, request):
    """django-ratelimit rate callable: the rate the throttle table gives ``group``."""
    return api_settings.DEFAULT_THROTTLE_RATES[group]


def consume_shared_limit(request, group):
    """Count one attempt at ``group`` for this user (or address); True when over the limit."""
    return is_ratelimited(
        request, group=group, key="user_or_ip", rate=shared_rate, method=ALL, increment=True
    )


class SharedRateThrottle(BaseThrottle):
    """The API side of a limit shared with the pages: the view's ``throttle_scope`` is the group."""

    def allow_request(self, request, view):
        return not consume_shared_limit(request, view.throttle_scope)
