from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail publication: the report's pages, consultations and citizen participation."""

    name = "cms"
    verbose_name = _("Publication")

    def ready(self):
        from cms import signals
        from cms.comments.account_data import export_participation
        from cms.editorial import set_up_after_migrate
        from cms.routing import forget_sites_after
        from governance import personal_data

        signals.connect()
        personal_data.register("consultations", exporter=export_participation)
        post_migrate.connect(set_up_after_migrate, sender=self)
        # The sites and home page addresses each process keeps to route pages (cms.routing):
        # Wagtail's pages are many models, each the sender of its own saves.
        post_save.connect(forget_sites_after, dispatch_uid="cms.routing.forget_sites")
        post_delete.connect(forget_sites_after, dispatch_uid="cms.routing.forget_sites")
