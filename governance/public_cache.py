"""Whole-answer cache for what anonymous visitors see (pages, redirects, the public API), dropped
only where a change shows, and the ``Cache-Control`` header that tells browsers and proxies how
long they may keep an answer.

Scopes. A view says what its answer shows with ``depends_on(request, scope, ...)`` (a Wagtail
page through ``cache_scopes()``); the stored entry remembers each scope's version at the time.
A change bumps only the scopes it shows, after commit (``invalidate_after_commit``): a comment
bumps its consultation, a progress publication the barometer and its recommendation, a page
publication that page, the pages listing it and the pages under it. Every answer also depends on
``SITE`` (dropped for changes every page shows: a page moved or renamed in the URL); an HTML
answer that declares nothing depends on every change, as before scopes existed. API answers are
cached only when their view declares scopes.

Stale while revalidate. A change that only adds (a new comment, a vote, a progress update) is
*soft*: the first visitor after it rebuilds the answer while the others still get the previous
copy (``X-Public-Cache: stale``), so a consultation receiving a comment a second never queues its
readers behind cold renders. The rebuild is claimed with ``cache.add`` on a short lock. A change
that removes or corrects something (a comment hidden, deleted or edited, a page unpublished or
restricted) is *hard*: no visitor gets the old copy after it commits.

Downstream caches cannot be told that something changed, so they get a short lifetime only
(``PUBLIC_PAGE_MAX_AGE``), and only for answers any anonymous visitor may share. Whatever answers
a signed-in user (pages, API, files) is ``private, no-store``.
"""

import hashlib
import time
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.functional import empty

from governance.release import release

SITE = "site"
# What an answer that declares no scope depends on: bumped by every change.
UNDECLARED = "undeclared"
# Lists of pages wherever they are (search, sitemaps, feed, site map, the API's page links).
PAGES = "pages"
# Lists of consultations (home, recommendation pages, the consultations API).
CONSULTATIONS = "consultations"
# Every recommendation's published progress (barometer, exports, lists showing a status).
BAROMETER = "barometer"
# The procedures' stage deadlines (pathways API).
PATHWAYS = "pathways"

# How long one visitor may hold the rebuild of a stale answer before another may take over.
REBUILD_LOCK_SECONDS = 10
# How long past its lifetime an entry is still served stale while a visitor rebuilds it (when
# the lifetime is the cache's cap, not a change of the content at a known time).
STALE_GRACE_SECONDS = 60

CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")
API_PREFIX = "/api/"
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/compte/",
    "/dossiers/",
    "/instruction/",
    "/langue/",
)
# Anonymous open pages under a private prefix (aggregated figures, no dossier of anyone).
PUBLIC_UNDER_PRIVATE_PREFIXES = ("/dossiers/statistiques",)


def page_scope(page):
    """A page's own content and its listing of the pages below it (a page or its tree path)."""
    return f"page:{getattr(page, 'path', page)}"


def under_scope(page):
    """What the pages below a page show of it (their breadcrumbs)."""
    return f"under:{getattr(page, 'path', page)}"


def consultation_scope(consultation_id):
    """A consultation's comments: its page, its comment pages and its comments API."""
    return f"consultation:{consultation_id}"


def recommendation_scope(recommendation_id):
    """One recommendation's published state and its page's address."""
    return f"recommendation:{recommendation_id}"


def _version_key(scope):
    return f"public-cache:version:{scope}"


def _purge_key(scope):
    return f"public-cache:purge:{scope}"


def versions(scopes):
    """``{scope: (version, purges)}`` now, in one cache round trip."""
    keys = [key for scope in scopes for key in (_version_key(scope), _purge_key(scope))]
    found = cache.get_many(keys)
    return {
        scope: (found.get(_version_key(scope), 0), found.get(_purge_key(scope), 0))
        for scope in scopes
    }


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        # Absent (first change, or evicted): any value its entries did not record will do.
        cache.set(key, time.time_ns(), timeout=None)


def invalidate(*scopes, hard=False):
    """Mark every answer showing one of ``scopes`` out of date; ``hard``: never serve it again."""
    for scope in {*scopes, UNDECLARED}:
        _bump(_version_key(scope))
        if hard:
            _bump(_purge_key(scope))


def invalidate_after_commit(*scopes, hard=False):
    """``invalidate`` once the current transaction commits (never for a change rolled back)."""
    transaction.on_commit(partial(invalidate, *scopes, hard=hard))


def depends_on(request, *scopes):
    """Declare that the answer to ``request`` shows ``scopes`` (a Django or DRF request)."""
    request = getattr(request, "_request", request)
    declared = getattr(request, "_public_cache_scopes", None)
    if declared is None:
        declared = request._public_cache_scopes = set()
    declared.update(scopes)


def entry_key(language, host, full_path, accept=""):
    """Where the anonymous answer to a URL is kept (the API's answer also varies on Accept), by
    the code's release: a deployment never serves what the previous code rendered."""
    parts = ["public-cache:entry", release(), language, host, full_path]
    if accept:
        parts.append(hashlib.sha256(accept.encode()).hexdigest()[:16])
    return ":".join(parts)


def rebuild_lock_key(key):
    return f"{key}:rebuilding"


def _request_is_cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and (
            not request.path.startswith(NEVER_CACHED_PREFIXES)
            or request.path.startswith(PUBLIC_UNDER_PRIVATE_PREFIXES)
        )
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def _response_is_cacheable(request, response, declared):
    nonce = getattr(request, "_csp_nonce", None)
    content_type = response.get("Content-Type", "")
    if request.path.startswith(API_PREFIX):
        # Only the public endpoints that say what they show.
        kind_ok = declared is not None and content_type.startswith("application/json")
    else:
        # Pages and feeds; open data (CSV, JSON) when its view says it is public.
        kind_ok = content_type.startswith(CACHEABLE_TYPES) or "public" in response.get(
            "Cache-Control", ""
        )
    # A redirect is kept only when its view says what it depends on (a permalink).
    status_ok = response.status_code == 200 or (
        response.status_code in (301, 302) and declared is not None
    )
    return (
        status_ok
        and kind_ok
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
        # A page with a form carries a CSRF token, and a nonce must never be served twice.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE")
        and (nonce is None or getattr(nonce, "_wrapped", empty) is empty)
    )


def _shared(response, seconds):
    """Let browsers and shared caches keep this anonymous answer for ``seconds`` at most."""
    seconds = max(0, min(settings.PUBLIC_PAGE_MAX_AGE, int(seconds)))
    if "max-age" in response.get("Cache-Control", ""):
        del response.headers["Cache-Control"]
    patch_cache_control(response, max_age=seconds)


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"


class Entry:
    """A stored answer, the versions of the scopes it showed, and until when it holds."""

    def __init__(self, response, scopes, fresh_until, usable_until):
        self.response = response
        self.scopes = scopes
        self.fresh_until = fresh_until
        self.usable_until = usable_until

    def state(self, now):
        """``"fresh"``, ``"stale"`` (may be served while someone rebuilds) or ``"gone"``."""
        current = versions(self.scopes)
        if now >= self.usable_until:
            return "gone"
        if any(current[scope][1] != purges for scope, (_v, purges) in self.scopes.items()):
            return "gone"
        if now >= self.fresh_until or any(
            current[scope][0] != version for scope, (version, _p) in self.scopes.items()
        ):
            return "stale"
        return "fresh"


class PublicPageCacheMiddleware:
    """Serve repeat anonymous visits from the cache, so they cost close to nothing; keep what a
    signed-in user sees out of every cache downstream."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        anonymous_visit = _request_is_cacheable(request)
        key = lock = None
        if timeout and anonymous_visit:
            is_api = request.path.startswith(API_PREFIX)
            key = entry_key(
                request.LANGUAGE_CODE,
                request.get_host(),
                request.get_full_path(),
                accept=request.META.get("HTTP_ACCEPT", "*/*") if is_api else "",
            )
            entry = cache.get(key)
            now = time.time()
            state = entry.state(now) if entry is not None else "gone"
            if state == "fresh":
                return self._from_cache(entry.response, "hit", entry.fresh_until - now)
            if state == "stale":
                lock = rebuild_lock_key(key)
                if not cache.add(lock, 1, timeout=REBUILD_LOCK_SECONDS):
                    # Someone is rebuilding it: the previous copy, kept by no one downstream.
                    return self._from_cache(entry.response, "stale", 0)
        try:
            return self._build(request, key, anonymous_visit, timeout)
        finally:
            if lock is not None:
                cache.delete(lock)

    @staticmethod
    def _from_cache(response, how, seconds):
        response["X-Public-Cache"] = how
        _shared(response, seconds)
        return response

    def _build(self, request, key, anonymous_visit, timeout):
        # Any change counts ``UNDECLARED``: one committed while the view renders leaves the new
        # entry out of date (soft) or unstored (hard), never passing for the newer state.
        before = versions([UNDECLARED])[UNDECLARED] if key is not None else None
        response = self.get_response(request)
        declared = getattr(request, "_public_cache_scopes", None)
        # After the view: an API token signs the user in there, not in a middleware.
        if request.user.is_authenticated:
            _private(response)
        elif anonymous_visit and _response_is_cacheable(request, response, declared):
            lifetime = get_max_age(response)
            capped = lifetime is None
            if capped:
                lifetime = settings.PUBLIC_PAGE_MAX_AGE
            if key is not None:
                store_for = min(timeout, lifetime) if not capped else timeout
                if store_for > 0:
                    self._store(key, response, declared, store_for, capped, before)
            _shared(response, lifetime)
        elif get_max_age(response):
            # Meant to be kept, but carries a cookie, a form's token or a nonce: not shareable.
            _private(response)
        return response

    @staticmethod
    def _store(key, response, declared, store_for, capped, before):
        scopes = {SITE, *(declared or {UNDECLARED})}
        seen = versions({*scopes, UNDECLARED})
        version, purges = seen.pop(UNDECLARED) if UNDECLARED not in scopes else seen[UNDECLARED]
        if purges != before[1]:
            return
        now = time.time()
        fresh_until = now + store_for if version == before[0] else now
        grace = STALE_GRACE_SECONDS if capped else 0
        entry = Entry(response, seen, fresh_until, now + store_for + grace)
        cache.set(key, entry, store_for + grace)
