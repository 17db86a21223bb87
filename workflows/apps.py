from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """Innovation dossiers and their path through hub, HAS and decision-maker."""

    name = "workflows"
    verbose_name = _("Innovation dossiers")
