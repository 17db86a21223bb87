"""Whole-page cache for what anonymous visitors see, dropped as soon as anything public changes.

Every cached page is keyed by a generation number; ``invalidate_public_pages()`` bumps it, so
all pages are rebuilt on their next visit. Apps call it when they publish or change something
the public sees (a page, a comment, a progress update). A view whose content expires sooner
(a consultation that opens or closes at a given time) says so with ``Cache-Control: max-age``.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_max_age
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
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _response_is_cacheable(request, response):
    nonce = getattr(request, "_csp_nonce", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
        # A page with a form carries a CSRF token, and a nonce must never be served twice.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE")
        and (nonce is None or getattr(nonce, "_wrapped", empty) is empty)
    )


class PublicPageCacheMiddleware:
    """Serve repeat anonymous visits from the cache, so they cost close to nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or not _request_is_cacheable(request):
            return self.get_response(request)
        key = ":".join(
            [
                "public-page",
                str(current_generation()),
                request.LANGUAGE_CODE,
                request.get_host(),
                request.get_full_path(),
            ]
        )
        response = cache.get(key)
        if response is not None:
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            max_age = get_max_age(response)
            if max_age is not None:
                timeout = min(timeout, max_age)
            if timeout > 0:
                cache.set(key, response, timeout)
        return response
