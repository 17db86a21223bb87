"""Which language a request is answered in.

Pages of the CMS have one address per language: the French page at ``/...``, its English
translation at ``/en/...`` (``i18n_patterns`` around Wagtail's URLs, French unprefixed). The
prefix decides the language. Every other address (the barometer, the dossiers, the account) has
one URL and keeps following the visitor's choice (the ``/langue/<code>/`` cookie, else the
browser's Accept-Language), as it did before pages were translated; Django's own middleware
would force French on every unprefixed address once ``i18n_patterns`` is used.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = translation.get_language_from_path(
            request.path_info
        ) or translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
