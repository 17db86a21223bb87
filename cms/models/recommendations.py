"""The report's pages: the index of the 18 recommendations, a page per axis and per recommendation.

Number, axis, title, summary, status and progress belong to the governance domain and are read
from it: editors pick the recommendation (or axis) a page presents and write its body only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models.base import GovernanceBoundPageForm, SitePage
from governance import public_cache

RECOMMENDATION_INDEX_SLUG = "recommandations"


def axis_page_title(axis):
    """The stored page title, in the site's language whatever the editor's admin language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Axis %(number)s: %(title)s") % {"number": axis.number, "title": axis.title}


def recommendation_page_title(recommendation):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Recommendation %(number)s: %(title)s") % {
            "number": recommendation.number,
            "title": recommendation.title,
        }


class RecommendationIndexPage(RoutablePageMixin, SitePage):
    """``/recommandations/``: the 18 recommendations under their four axes.

    ``/recommandations/<number>/`` is the permalink used by the API and the open data; it
    redirects to the recommendation's page wherever editors placed it.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AxisPage"]
    max_count = 1

    class Meta:
        verbose_name = _("recommendations index")

    def cache_scopes(self):
        # Each recommendation's status; the permalinks follow the pages below (page scope).
        return [*super().cache_scopes(), public_cache.BAROMETER]

    def serve(self, request, view=None, args=None, kwargs=None):
        public_cache.depends_on(request, *self.cache_scopes())
        return super().serve(request, view, args, kwargs)

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import axis_pages_with_recommendations

        context = super().get_context(request, *args, **kwargs)
        context["axis_pages"] = axis_pages_with_recommendations(self)
        return context

    @path("<int:number>/", name="permalink")
    def permalink(self, request, number):
        from cms.selectors import live_recommendation_page

        page = live_recommendation_page(number)
        return redirect(page.url)

    @path("")
    def index_route(self, request):
        return self.render(request)


class AxisPage(SitePage):
    """One page per axis of the report, listing its recommendations."""

    # One page per axis and language (its English translation presents the same axis).
    axis = models.ForeignKey(
        "governance.Axis",
        verbose_name=_("axis"),
        on_delete=models.PROTECT,
        related_name="pages",
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [FieldPanel("axis"), FieldPanel("intro")]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.FilterField("axis"),
    ]
    base_form_class = GovernanceBoundPageForm

    parent_page_types = ["cms.RecommendationIndexPage"]
    subpage_types = ["cms.RecommendationPage"]

    class Meta:
        verbose_name = _("axis page")

    def cache_scopes(self):
        return [*super().cache_scopes(), public_cache.BAROMETER]

    @property
    def heading(self):
        """The axis's title in the page's language: the governance record's in French, the
        translated page title in a translation."""
        return self.title if self.is_translation else self.axis.title

    def full_clean(self, *args, **kwargs):
        if self.axis_id and not (self.locale_id and self.is_translation):
            self.title = axis_page_title(self.axis)
            self.slug = self.slug or f"axe-{self.axis.number}"
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import recommendation_pages_of_axis

        context = super().get_context(request, *args, **kwargs)
        context["recommendation_pages"] = recommendation_pages_of_axis(self)
        return context


class RecommendationPage(SitePage):
    """The public page of one of the 18 recommendations, tied to its governance record."""

    # One page per recommendation and language (its translations present the same one).
    recommendation = models.ForeignKey(
        "governance.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_("Its number, axis, title, summary, status and progress are shown from it."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [FieldPanel("recommendation"), FieldPanel("body")]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("recommendation_title", boost=2),
        index.SearchField("recommendation_summary"),
        index.SearchField("body"),
        index.FilterField("recommendation"),
    ]
    base_form_class = GovernanceBoundPageForm

    parent_page_types = ["cms.AxisPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("recommendation page")

    def cache_scopes(self):
        return [
            *super().cache_scopes(),
            public_cache.recommendation_scope(self.recommendation_id),
            public_cache.CONSULTATIONS,
        ]

    # Indexed from the governance record, so a search for "HAS" finds recommendation 8.
    @property
    def recommendation_title(self):
        return self.recommendation.title if self.recommendation_id else ""

    @property
    def recommendation_summary(self):
        return self.recommendation.summary if self.recommendation_id else ""

    @property
    def summary(self):
        """What the recommendation asks, in the page's language: the governance record's in
        French, the page's search description (else listing intro) in a translation, which
        editors translate."""
        if self.is_translation:
            return self.search_description or self.listing_intro or self.recommendation_summary
        return self.recommendation_summary

    @property
    def meta_description(self):
        return super().meta_description or self.summary

    def full_clean(self, *args, **kwargs):
        # A translation keeps the title its translators wrote.
        if self.recommendation_id and not (self.locale_id and self.is_translation):
            self.title = recommendation_page_title(self.recommendation)
            self.slug = self.slug or f"recommandation-{self.recommendation.number}"
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)
        if parent is not None:
            self.check_axis_matches(parent)
        if (
            self.recommendation_id
            and self.locale_id
            and RecommendationPage.objects.filter(
                recommendation_id=self.recommendation_id, locale_id=self.locale_id
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"recommendation": _("This recommendation already has a page in this language.")}
            )

    def check_axis_matches(self, parent):
        """A recommendation page sits under the page of its own axis."""
        parent = parent.specific
        if (
            self.recommendation_id
            and isinstance(parent, AxisPage)
            and parent.axis_id != self.recommendation.axis_id
        ):
            raise ValidationError(
                {
                    "recommendation": _(
                        "Recommendation %(number)s belongs to axis %(axis)s: create its page "
                        "under that axis."
                    )
                    % {
                        "number": self.recommendation.number,
                        "axis": self.recommendation.axis.number,
                    }
                }
            )

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import consultations_of_recommendation, recommendation_with_details

        context = super().get_context(request, *args, **kwargs)
        recommendation = recommendation_with_details(self.recommendation_id)
        self.recommendation = recommendation  # what the page's summary and description read
        context["recommendation"] = recommendation
        context["consultations"] = consultations_of_recommendation(recommendation)
        return context
