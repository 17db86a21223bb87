"""Atom feed of the consultations (``/consultations/flux/``), newest opening first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.selectors import live_consultations
from governance import public_cache

FEED_LENGTH = 50


class ConsultationFeed(Feed):
    feed_type = Atom1Feed
    title = _("Public consultations — Digital health")
    subtitle = _("Consultations on the CNNum's 18 digital-health recommendations.")
    link = "/consultations/"

    def __call__(self, request, *args, **kwargs):
        public_cache.depends_on(request, public_cache.PAGES)
        return super().__call__(request, *args, **kwargs)

    def items(self):
        return live_consultations().only(
            "id", "title", "url_path", "intro", "opens_at", "closes_at", "last_published_at"
        )[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.get_status_display()})"

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.opens_at

    def item_updateddate(self, item):
        return item.last_published_at or item.opens_at
