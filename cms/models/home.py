from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models.base import SitePage
from governance import public_cache
from governance.language import address_language


class HomePage(SitePage):
    """The site's front page (one per site): hero, the four axes, open consultations, progress."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("hero_title"), FieldPanel("hero_text")]
    search_fields = [*SitePage.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.RecommendationIndexPage", "cms.ConsultationIndexPage", "cms.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Route through the home page of the address's language (French unless prefixed),
        whatever language the visitor reads the interface in: Wagtail would start from the
        home page in the interface's language, serving English pages at French addresses."""
        language = address_language(request)
        # Wagtail started from the home page in the active language: the address's one already.
        if translation.get_language() != language and self.language != language:
            home = self.get_translations().filter(locale__language_code=language).live().first()
            if home is not None:
                return super(HomePage, home.specific).route(request, path_components)
        return super().route(request, path_components)

    def cache_scopes(self):
        # Open consultations and the latest progress; no comment count.
        return [*super().cache_scopes(), public_cache.CONSULTATIONS, public_cache.BAROMETER]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(self))
        return context

    def serve(self, request, *args, **kwargs):
        from cms.models.consultations import ConsultationPage, cache_until

        response = super().serve(request, *args, **kwargs)
        return cache_until(response, ConsultationPage.objects.live().next_status_change())
