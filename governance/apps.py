from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Project configuration and the governance domain (report, territory, roles)."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        import governance.oidc.session  # noqa: F401  (connects the sign-in signal)
        from governance.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)
