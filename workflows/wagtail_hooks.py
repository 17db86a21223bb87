"""Stage deadlines per pathway, editable in the Wagtail admin (superusers, or whoever is given
``workflows.change_stagedeadline``). Rows are created by migration: none is added or deleted."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from workflows.models import StageDeadline


class StageDeadlinePolicy(ModelPermissionPolicy):
    """One row per pathway and stage, loaded by migration: edit the days only."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(StageDeadline, StageDeadlinePolicy(StageDeadline))


class StageDeadlineViewSet(ModelViewSet):
    model = StageDeadline
    icon = "time"
    menu_label = _("Stage deadlines")
    add_to_admin_menu = True
    list_display = ["pathway", "stage", "days"]
    list_filter = ["pathway", "stage"]
    form_fields = ["days"]
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_viewsets():
    return StageDeadlineViewSet("stage_deadlines")
