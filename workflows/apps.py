from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """Innovation dossiers and their path through hub, HAS and decision-maker."""

    name = "workflows"
    verbose_name = _("Innovation dossiers")

    def ready(self):
        from governance import linked_work, personal_data
        from workflows import account_data, retention, statistics

        personal_data.register(
            "innovation_dossiers",
            exporter=account_data.export_dossiers,
            eraser=account_data.erase_dossiers,
        )
        personal_data.register_retention("drafts", retention.warn_and_delete_drafts)
        personal_data.register_retention("closed_dossiers", retention.archive_closed_dossiers)
        linked_work.register(
            "innovation_dossiers",
            count=statistics.dossiers_by_recommendation,
            template="workflows/includes/recommendation_dossiers.html",
        )
