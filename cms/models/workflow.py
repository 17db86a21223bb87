"""Four-eyes moderation of pages: an editor submits, a *different* editor approves."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


def _submitter(obj):
    workflow_state = obj.current_workflow_state
    return workflow_state.requested_by if workflow_state else None


class SecondEditorApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which the person who submitted the page may not approve it."""

    def get_actions(self, obj, user):
        submitter = _submitter(obj)
        if submitter is not None and submitter.pk == user.pk:
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and task_state.workflow_state.requested_by_id == user.pk:
            raise PermissionDenied(_("A second editor must approve the page you submitted."))
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except the person who submitted the page")

    class Meta:
        verbose_name = _("second-editor approval task")
        verbose_name_plural = _("second-editor approval tasks")
