"""Which language a request is answered in.

Pages of the CMS have one address per language: the French page at ``/...``, its English
translation at ``/en/...`` (``i18n_patterns`` around Wagtail's URLs, French unprefixed). The
prefix decides the language. Every other address (the barometer, the dossiers, the account) has
one URL and keeps following the visitor's choice (the ``/langue/<code>/`` cookie, else the
browser's Accept-Language), as it did before pages were translated; Django's own middleware
would force French on every unprefixed address once ``i18n_patterns`` is used, and Django's
``i18n_patterns`` would not find an unprefixed page for a visitor who reads English.
"""

from functools import cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, URLResolver
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = translation.get_language_from_path(
            request.path_info
        ) or translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AddressLanguagePrefix(LocalePrefixPattern):
    """``/en/...`` is English, every other address French, whatever language the visitor reads
    the interface in (Django's pattern expects the prefix of the active language). Reversing
    is unchanged: a URL is built with the prefix of the language active at the time."""

    def match(self, path):
        for code, _name in settings.LANGUAGES:
            if code != settings.LANGUAGE_CODE and path.startswith(f"{code}/"):
                return path.removeprefix(f"{code}/"), (), {}
        return path, (), {}


def address_language(request):
    """The language the address itself names: its prefix (``/en/...``), else French."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def language_prefixed_patterns(*urls):
    """``i18n_patterns(*urls, prefix_default_language=False)``, matched by the address only."""
    return [URLResolver(AddressLanguagePrefix(prefix_default_language=False), list(urls))]


@cache
def site_locale_id():
    """The id of the site language's Wagtail locale (French), read once per process: pages
    compare their ``locale_id`` with it instead of reading their locale row one by one.
    Forgotten whenever a locale is saved or deleted (``forget_site_locale``)."""
    from wagtail.models import Locale

    return (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE)
        .values_list("pk", flat=True)
        .first()
    )


def forget_site_locale(**kwargs):
    site_locale_id.cache_clear()
