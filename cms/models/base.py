"""What every page of the site shares: SEO fields, a listing intro and its breadcrumbs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from governance import public_cache


def ancestor_paths(path):
    """The tree paths of the ancestors of the page at ``path``, root first."""
    steplen = Page.steplen
    return [path[:end] for end in range(steplen, len(path), steplen)]


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

    def get_breadcrumbs(self):
        """The page's ancestors below the site root, home first (the page itself excluded)."""
        return Page.objects.ancestor_of(self).filter(depth__gt=1).only("title", "url_path")


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
