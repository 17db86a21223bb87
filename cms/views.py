"""Public views of the CMS: the pages of the tree (``serve``), site search, the site maps."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.http import urlencode
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Page

from cms import routing
from cms.selectors import site_map_tree
from cms.sitemaps import TranslatedSitemap
from governance import public_cache

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def serve(request, path):
    """A page of the tree, served by Wagtail once ``cms.routing`` has found it (Wagtail keeps a
    request's route on the request and walks the tree itself only where that did not answer)."""
    route = routing.route(request, path)
    if route is not None:
        request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def search(request):
    """``/recherche/?q=``: Wagtail search over live pages (French stemming on PostgreSQL)."""
    public_cache.depends_on(request, public_cache.PAGES)
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    # A plain-text search gives quotes no meaning, and the SQLite backend does not escape
    # them inside its full-text query (an odd number of them is a syntax error there).
    terms = query.replace('"', " ").strip()
    results = None
    reader = Locale.get_active()
    if query:
        pages = search_pages(terms, reader)
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            # Results in another language than the reader's are the untranslated French pages.
            "reader_locale_id": reader.pk,
            "source_language": settings.LANGUAGE_CODE,
            "query_string": urlencode({"q": query}),
        },
    )


def search_pages(terms, active):
    """Live public pages matching ``terms`` in the ``active`` locale and, in another language
    than French, the matching French pages not translated into it yet (one search: one count
    and one page of results, whatever the number of pages)."""
    if not terms:
        return Page.objects.none()
    pages = Page.objects.live().public()  # the search backend filters by columns only
    if active.language_code == settings.LANGUAGE_CODE:
        return pages.filter(locale=active).search(terms)
    translated = pages.filter(locale=active).values("translation_key")
    untranslated = Q(locale=Locale.get_default()) & ~Q(translation_key__in=translated)
    return pages.filter(Q(locale=active) | untranslated).search(terms)


def site_map(request):
    """``/plan-du-site/``: the page tree and the application pages, as HTML (XML: sitemap.xml)."""
    public_cache.depends_on(request, public_cache.PAGES)
    return render(request, "cms/site_map.html", {"tree": site_map_tree()})


def sitemap(request):
    """``/sitemap.xml``: Wagtail's, which lists the live pages only, in every language."""
    public_cache.depends_on(request, public_cache.PAGES)
    return wagtail_sitemap(request, sitemaps={"pages": TranslatedSitemap})
