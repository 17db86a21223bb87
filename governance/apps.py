from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Project configuration and the governance domain (report, territory, roles)."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from allauth.mfa.signals import authenticator_removed
        from wagtail.models import Locale

        import governance.oidc.session  # noqa: F401  (connects the sign-in signal)
        from governance import (
            api_tokens,
            checks,  # noqa: F401  (registers the deployment checks)
        )
        from governance.language import forget_site_locale
        from governance.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # Pages compare their locale with the site's by id (governance.language).
        post_save.connect(forget_site_locale, sender=Locale)
        post_delete.connect(forget_site_locale, sender=Locale)
        post_migrate.connect(forget_site_locale)  # also sent after a flush
        user_model = get_user_model()
        m2m_changed.connect(
            api_tokens.revoke_tokens_of_new_staff_on_groups, sender=user_model.groups.through
        )
        pre_save.connect(api_tokens.note_superuser_promotion, sender=user_model)
        post_save.connect(api_tokens.revoke_tokens_of_new_superuser, sender=user_model)
        authenticator_removed.connect(api_tokens.revoke_tokens_on_totp_removal)
