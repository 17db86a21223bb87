"""Public views of the CMS that are not pages of the tree: site search, the site maps."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from cms.selectors import site_map_tree
from governance import public_cache

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """``/recherche/?q=``: Wagtail search over live pages (French stemming on PostgreSQL)."""
    public_cache.depends_on(request, public_cache.PAGES)
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    # A plain-text search gives quotes no meaning, and the SQLite backend does not escape
    # them inside its full-text query (an odd number of them is a syntax error there).
    terms = query.replace('"', " ").strip()
    results = None
    if query:
        pages = Page.objects.live().public().search(terms) if terms else Page.objects.none()
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {"query": query, "results": results, "query_prefix": f"{urlencode({'q': query})}&"},
    )


def site_map(request):
    """``/plan-du-site/``: the page tree and the application pages, as HTML (XML: sitemap.xml)."""
    public_cache.depends_on(request, public_cache.PAGES)
    return render(request, "cms/site_map.html", {"tree": site_map_tree()})


def sitemap(request):
    """``/sitemap.xml``: Wagtail's, which lists the live pages only."""
    public_cache.depends_on(request, public_cache.PAGES)
    return wagtail_sitemap(request)
