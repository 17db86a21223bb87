"""The client's address: the one source every rate limit uses (DRF, django-ratelimit, allauth).

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only as far as the
proxies we run: with ``TRUSTED_PROXIES`` = N (``DJANGO_TRUSTED_PROXIES``), each of them appended one
address, and the client is the Nth from the right; with 0 (the default) the header is ignored and
the peer address (``REMOTE_ADDR``) is the client.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address rate limits count against; never a value the client chose."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",")]
    # Fewer entries than proxies: each was written by one of ours, the leftmost is the client.
    candidate = addresses[-min(trusted, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
