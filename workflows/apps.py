from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """Innovation dossiers and their path through hub, HAS and decision-maker."""

    name = "workflows"
    verbose_name = _("Innovation dossiers")

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
        )
        from django_fsm.signals import post_transition

        from governance import linked_work, personal_data, public_cache
        from workflows import access, account_data, retention, statistics
        from workflows.models import StageDeadline

        def deadlines_changed(sender, **kwargs):
            # The pathways API shows the stage deadlines.
            public_cache.invalidate_after_commit(public_cache.PATHWAYS)

        for signal in (post_save, post_delete):
            signal.connect(
                deadlines_changed,
                sender=StageDeadline,
                weak=False,
                dispatch_uid="workflows-stage-deadlines",
            )

        from workflows.models import (
            Dossier,
            DossierGroupObjectPermission,
            DossierUserObjectPermission,
        )
        from workflows.pagination import forget_counts

        # Lists remember their counts until a dossier or who may see it changes.
        for model in (Dossier, DossierGroupObjectPermission, DossierUserObjectPermission):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_counts,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"workflows-counts-{model._meta.model_name}-{signal is post_save}",
                )
        # The barometer's count of filed dossiers per recommendation, counted again after a
        # change that can move it.
        from workflows import linked_counts

        post_transition.connect(
            linked_counts.dossier_transitioned,
            sender=Dossier,
            dispatch_uid="workflows-linked-filed",
        )
        m2m_changed.connect(
            linked_counts.links_changed,
            sender=Dossier.recommendations.through,
            dispatch_uid="workflows-linked-links",
        )
        # A flushed or migrated database may number the permissions anew.
        post_migrate.connect(access.forget_permission_ids, dispatch_uid="workflows-permission-ids")

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
