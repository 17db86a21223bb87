from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail publication: the report's pages, consultations and citizen participation."""

    name = "cms"
    verbose_name = _("Publication")

    def ready(self):
        from wagtail.models import Site

        from cms import signals
        from cms.comments.account_data import export_participation
        from cms.editorial import set_up_after_migrate
        from cms.routing import forget_sites
        from governance import personal_data

        signals.connect()
        personal_data.register("consultations", exporter=export_participation)
        post_migrate.connect(set_up_after_migrate, sender=self)
        # The sites each process keeps to route pages (cms.routing).
        post_save.connect(forget_sites, sender=Site)
        post_delete.connect(forget_sites, sender=Site)
