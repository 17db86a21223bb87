"""Finding the page an address names in two queries, whatever its depth.

Wagtail walks the tree from the site's home page: two queries per part of the address (the
child with that slug, then its own fields), after reading the sites, the active locale and the
home page.
A page's ``url_path`` is its ancestors' slugs joined, so the pages along an address are the pages
whose ``url_path`` is one of its prefixes under the home page of the address's language: one
query reads them all, one more the last page's own fields (the site of the request's host is
kept a minute in each process). Their route is then Wagtail's (``SitePage.route`` with nothing
left of the address).

Where this cannot answer for Wagtail, it steps aside and Wagtail walks the tree as usual: an
address that names no page under its language's home (an English address served by the French
page), or one that a routable page on the way answers itself (``/recommandations/12/``).
"""

import time

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from governance.language import address_language

# Sites, and the addresses of their home pages, are deployment settings: each process keeps
# them a minute.
SITE_SECONDS = 60
ROOT_PATHS = ("root paths",)
_kept = {}


def _kept_a_minute(key, read):
    """``read()``, kept in this process for ``SITE_SECONDS`` under ``key``."""
    found = _kept.get(key)
    if found is None or found[1] < time.monotonic():
        found = _kept[key] = (read(), time.monotonic() + SITE_SECONDS)
    return found[0]


def _site_of(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def site_for(request):
    """``Site.find_for_request``, kept in this process for ``SITE_SECONDS`` by host and port
    (``None``: no site). Wagtail reads the sites, with their root page, on every request it
    routes; a site saved or deleted is forgotten at once in its own process (``forget_sites``)
    and within a minute in the others."""
    hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    site = _kept_a_minute(("site", hostname, port), lambda: _site_of(hostname, port))
    request._wagtail_site = site  # where Site.find_for_request keeps a request's site
    return site


def site_root_paths(request):
    """``Site.get_site_root_paths`` (each site's home page address in each language), kept in
    this process like the sites, and left where Wagtail's pages look for it on the request
    when they write their addresses. Wagtail keeps it in the shared cache, and reads the sites
    and their home pages' translations again whenever that cache is emptied; a site, page or
    locale saved or deleted forgets them at once in its own process."""
    paths = _kept_a_minute(ROOT_PATHS, Site.get_site_root_paths)
    request._wagtail_cached_site_root_paths = paths
    return paths


def forget_sites(**kwargs):
    _kept.clear()


def _forget_root_paths():
    _kept.pop(ROOT_PATHS, None)


def forget_sites_after(sender, instance, **kwargs):
    """After a site is saved or deleted, ``forget_sites``; after a page (its address, its
    translations) or a locale, the home page addresses alone. Again once the change commits:
    another request may have read the old ones meanwhile."""
    if isinstance(instance, Site):
        forget_sites()
        transaction.on_commit(forget_sites)
    elif isinstance(instance, (Page, Locale)):
        _forget_root_paths()
        transaction.on_commit(_forget_root_paths)


def _home_url_path(request, site, language):
    """The ``url_path`` of ``site``'s home page in ``language`` (``None`` if it has none)."""
    for site_id, root_path, _root_url, language_code in site_root_paths(request):
        if site_id == site.pk and language_code == language:
            return root_path
    return None


def pages_along(request, site, language, components):
    """The pages from the home page in ``language`` to the one named by ``components`` (the
    address's slugs), home first; ``None`` when one of them does not exist."""
    home = _home_url_path(request, site, language)
    if home is None:
        return None
    url_paths = [
        home + "".join(f"{slug}/" for slug in components[:end])
        for end in range(len(components) + 1)
    ]
    pages = list(
        Page.objects.filter(url_path__in=url_paths)
        .annotate(restricted=Exists(_restrictions_of(_source)))
        .order_by("depth")
    )
    if [page.url_path for page in pages] != url_paths:
        return None
    return pages


# A page's restrictions are its source's when it is an alias (as Wagtail reads them).
_source = Coalesce(OuterRef("alias_of_id"), OuterRef("id"))


def _restrictions_of(page_id):
    return PageViewRestriction.objects.filter(page_id=page_id)


def _answers_itself(page, below):
    """Whether ``page`` answers the address's slugs ``below`` it with a route of its own (a
    live routable page's routes come before its children)."""
    model = page.specific_class
    if not page.live or model is None or not issubclass(model, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "".join(f"{slug}/" for slug in below))
    except Http404:
        return False
    return True


def route(request, path):
    """Wagtail's route for ``path`` (``wagtail.url_routing.RouteResult``), or ``None`` when
    Wagtail must walk the tree itself (see the module's docstring). Raises ``Http404`` where
    Wagtail would."""
    site = site_for(request)
    if site is None:
        return None
    components = [part for part in path.split("/") if part]
    pages = pages_along(request, site, address_language(request), components)
    # A home page that is not live leaves the address to Wagtail (``HomePage.route``).
    if pages is None or not pages[0].live:
        return None
    if any(_answers_itself(page, components[page.depth - pages[0].depth :]) for page in pages[:-1]):
        return None
    page = pages[-1].specific
    page.route_ancestors = pages[:-1]
    # Whether a restriction applies along the way (``SitePage.get_view_restrictions``), read
    # with the pages: almost none has one.
    page.route_restricted = any(along.restricted for along in pages)
    return page.route(request, [])
