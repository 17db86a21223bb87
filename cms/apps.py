from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail publication: the report's pages, consultations and citizen participation."""

    name = "cms"
    verbose_name = _("Publication")
