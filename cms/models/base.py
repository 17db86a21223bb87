"""What every page of the site shares: SEO fields, a listing intro and its breadcrumbs."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction

from governance import public_cache
from governance.language import site_locale_id


def ancestor_paths(path):
    """The tree paths of the ancestors of the page at ``path``, root first."""
    steplen = Page.steplen
    return [path[:end] for end in range(steplen, len(path), steplen)]


def public_pages(pages):
    """``pages.public()`` (no page under a view restriction) in the same query: Wagtail reads
    every restriction first, in a query of its own."""
    restricted_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricted_above))


class SitePage(Page):
    """Abstract base of the site's pages (never created on its own)."""

    listing_intro = models.TextField(
        _("listing intro"),
        blank=True,
        max_length=400,
        help_text=_("A sentence or two shown where the page is listed (cards, search results)."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("listing_intro"),
            ],
            heading=_("Search engines and listings"),
        ),
    ]

    is_creatable = False

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.listing_intro

    def cache_scopes(self):
        """What the anonymous copy of this page shows (``governance.public_cache``): the page
        itself, with the pages listed below it, and its ancestors' titles (breadcrumbs)."""
        return [
            public_cache.page_scope(self),
            *(public_cache.under_scope(path) for path in ancestor_paths(self.path)),
        ]

    def serve(self, request, *args, **kwargs):
        public_cache.depends_on(request, *self.cache_scopes())
        return super().serve(request, *args, **kwargs)

    @property
    def is_translation(self):
        """A page in another language than the site's (an editor's translation of a French page).

        Compared by id: a list of pages asks each of them without reading its locale."""
        return self.locale_id != site_locale_id()

    @property
    def language(self):
        """The page's language code: the site's for a French page (no read of its locale)."""
        return self.locale.language_code if self.is_translation else settings.LANGUAGE_CODE

    def route(self, request, path_components):
        """Under /en/, a page with no live English translation is served in French.

        The English tree holds only the translated pages: where it has no live page for the
        next part of the address, the French page it translates carries on the routing.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            if not self.is_translation:
                raise
            source = (
                self.get_translations()
                .filter(locale__language_code=settings.LANGUAGE_CODE)
                .live()
                .first()
            )
            if source is None:
                raise
            return source.specific.route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.language_context(request))
        return context

    def language_context(self, request=None):
        """The page's language, its live translations (``hreflang`` alternates) and, when the
        visitor reads another language than the page's, the translation they would rather read.

        ``request`` holds the sites' root paths that every address on the page is built from
        (Wagtail reads them once per request instead of once per page)."""
        translations = {
            page.locale.language_code: page
            for page in public_pages(self.get_translations(inclusive=True).live())
            .select_related("locale")
            .only("url_path", "locale__language_code")
        }
        language = (
            next((code for code, page in translations.items() if page.pk == self.pk), None)
            or self.language
        )
        active = translation.get_language()
        default = translations.get(settings.LANGUAGE_CODE)
        return {
            "content_language": language,
            "translations": sorted(translations.items()),
            "default_translation": default,
            "translation_for_visitor": translations.get(active) if active != language else None,
            "language_switch_urls": self._language_switch_urls(translations, default, request),
        }

    @staticmethod
    def _language_switch_urls(translations, default, request=None):
        """Where the language menu leads from this page: its translation, else its French page
        under the language's prefix (served in French there, with the notice)."""
        urls = {}
        for code, _name in settings.LANGUAGES:
            if code in translations:
                urls[code] = translations[code].get_url(request)
            elif default is not None and (url := default.get_url(request)):
                with translation.override(code):
                    urls[code] = reverse("wagtail_serve", args=(url.lstrip("/"),))
        return urls

    def get_breadcrumbs(self):
        """The page's ancestors below the tree's root, home first (the page itself excluded):
        the pages its address was routed through (``cms.routing``) when they start there."""
        routed = getattr(self, "route_ancestors", None)
        if routed and routed[0].depth == 2:
            return routed
        return Page.objects.ancestor_of(self).filter(depth__gt=1).only("title", "url_path")

    def get_view_restrictions(self):
        """The restrictions on viewing this page, its own and its ancestors' (an alias follows
        its source's), as Wagtail's in one query instead of two; in none when the page was
        routed by ``cms.routing``, which read whether there are any."""
        if getattr(self, "route_restricted", None) is False:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(
            page_id__in=Page.objects.filter(path__in=[*ancestor_paths(self.path), self.path])
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )


class GovernanceBoundPageForm(WagtailAdminPageForm):
    """Form of pages whose title and slug come from a governance object, not from editors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "slug"):
            if name in self.fields:
                self.fields[name].required = False
        if self.parent_page is not None and not self.instance.path:
            # Lets the model's clean() check the parent while the page is being created.
            self.instance._cached_parent_obj = self.parent_page
