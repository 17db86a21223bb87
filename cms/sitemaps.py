"""``/sitemap.xml``: every live public page in every language, each naming its translations."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from cms.models import public_pages


class TranslatedSitemap(Sitemap):
    """Wagtail's sitemap over the site's home page and its translations, with ``hreflang``
    alternates (and ``x-default``, the French page) on each page that has a translation."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_site = Q()
        for root in roots.only("path"):
            in_site |= Q(path__startswith=root.path)
        return (
            public_pages(Page.objects.live())
            .filter(in_site)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        locations = {item.pk: item.get_full_url(self.request) for item in pages}
        versions = defaultdict(list)
        for item in pages:
            versions[item.translation_key].append(item)
        urls = []
        for item in pages:
            alternates = []
            if len(versions[item.translation_key]) > 1:
                for version in versions[item.translation_key]:
                    code = languages[version.locale_id]
                    alternates.append({"lang_code": code, "location": locations[version.pk]})
                    if code == settings.LANGUAGE_CODE:
                        alternates.append(
                            {"lang_code": "x-default", "location": locations[version.pk]}
                        )
            urls.append(
                {
                    "item": item,
                    "location": locations[item.pk],
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": alternates,
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
