"""Public views of the CMS that are not pages of the tree: site search, the site maps."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Page

from cms.selectors import site_map_tree
from cms.sitemaps import TranslatedSitemap
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
    shown_in_french = False
    if query:
        pages, shown_in_french = search_pages(terms)
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "shown_in_french": shown_in_french,
            "query_prefix": f"{urlencode({'q': query})}&",
        },
    )


def search_pages(terms):
    """Live public pages matching ``terms`` in the visitor's language; when none in English
    match, the French ones (``True`` then, for the page to say so)."""
    if not terms:
        return Page.objects.none(), False
    pages = Page.objects.live().public()
    active = Locale.get_active()
    found = pages.filter(locale=active).search(terms)
    if active.language_code == settings.LANGUAGE_CODE or found.count():
        return found, False
    return pages.filter(locale=Locale.get_default()).search(terms), True


def site_map(request):
    """``/plan-du-site/``: the page tree and the application pages, as HTML (XML: sitemap.xml)."""
    public_cache.depends_on(request, public_cache.PAGES)
    return render(request, "cms/site_map.html", {"tree": site_map_tree()})


def sitemap(request):
    """``/sitemap.xml``: Wagtail's, which lists the live pages only, in every language."""
    public_cache.depends_on(request, public_cache.PAGES)
    return wagtail_sitemap(request, sitemaps={"pages": TranslatedSitemap})
