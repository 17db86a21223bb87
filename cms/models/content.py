from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models.base import SitePage


class ContentPage(SitePage):
    """A plain editorial page under home: legal notice, accessibility statement, about."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("content page")
