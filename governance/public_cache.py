"""Whole-page cache for what anonymous visitors see, dropped as soon as anything public changes,
and the ``Cache-Control`` header that tells browsers and proxies how long they may keep a page.

Every cached page is keyed by a generation number; ``invalidate_public_pages()`` bumps it, so
all pages are rebuilt on their next visit. Apps call it (after commit) when they publish or
change something the public sees (a page, a comment, a progress update). A view whose content
expires sooner (a consultation that opens or closes at a given time) says so with
``Cache-Control: max-age``; this cache keeps the page no longer than that.

Downstream caches cannot be told that something changed, so they get a short lifetime only
(``PUBLIC_PAGE_MAX_AGE``), and only for pages any anonymous visitor may share. Whatever answers
a signed-in user (pages, API, files) is ``private, no-store``: a browser or proxy must not keep
it, since it may show what others may not see or what a moderator has since hidden.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.functional import empty

GENERATION_KEY = "public-pages:generation"
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/api/",
    "/dossiers/",
    "/instruction/",
    "/langue/",
)
# Anonymous open pages under a private prefix (aggregated figures, no dossier of anyone).
PUBLIC_UNDER_PRIVATE_PREFIXES = ("/dossiers/statistiques",)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def invalidate_public_pages():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _request_is_cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and (
            not request.path.startswith(NEVER_CACHED_PREFIXES)
            or request.path.startswith(PUBLIC_UNDER_PRIVATE_PREFIXES)
        )
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _response_is_cacheable(request, response):
    nonce = getattr(request, "_csp_nonce", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (
            response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
            # Open data (CSV, JSON) is cached when its view says it is public.
            or "public" in response.get("Cache-Control", "")
        )
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
        # A page with a form carries a CSRF token, and a nonce must never be served twice.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE")
        and (nonce is None or getattr(nonce, "_wrapped", empty) is empty)
    )


def _shared(response, seconds):
    """Let browsers and shared caches keep this anonymous page for ``seconds`` at most."""
    seconds = max(0, min(settings.PUBLIC_PAGE_MAX_AGE, int(seconds)))
    if "max-age" in response.get("Cache-Control", ""):
        del response.headers["Cache-Control"]
    patch_cache_control(response, max_age=seconds)


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"


class PublicPageCacheMiddleware:
    """Serve repeat anonymous visits from the cache, so they cost close to nothing; keep what a
    signed-in user sees out of every cache downstream."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        anonymous_visit = _request_is_cacheable(request)
        key = None
        if timeout and anonymous_visit:
            key = ":".join(
                [
                    "public-page-entry",
                    str(current_generation()),
                    request.LANGUAGE_CODE,
                    request.get_host(),
                    request.get_full_path(),
                ]
            )
            entry = cache.get(key)
            if entry is not None:
                response, expires_at = entry
                response["X-Public-Cache"] = "hit"
                _shared(response, expires_at - time.time())
                return response
        response = self.get_response(request)
        # After the view: an API token signs the user in there, not in a middleware.
        if request.user.is_authenticated:
            _private(response)
        elif anonymous_visit and _response_is_cacheable(request, response):
            lifetime = get_max_age(response)
            if lifetime is None:
                lifetime = settings.PUBLIC_PAGE_MAX_AGE
            if key is not None:
                store_for = min(timeout, lifetime)
                if store_for > 0:
                    cache.set(key, (response, time.time() + store_for), store_for)
            _shared(response, lifetime)
        elif get_max_age(response):
            # Meant to be kept, but carries a cookie, a form's token or a nonce: not shareable.
            _private(response)
        return response
