"""Ministry staff's side of progress tracking in the Wagtail admin.

Viewsets for recommendations, milestones, indicators and updates (filters, CSV/XLSX export),
the four-eyes publish view, the CSV bulk import and a dashboard panel of what needs attention.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from governance import selectors, services
from governance.models import Indicator, Milestone, ProgressUpdate, Recommendation
from governance.models.progress import DRAFT_FIELDS
from governance.panels import AddLabelMixin, LabelledInlinePanel
from governance.views.progress_admin import (
    DraftRefusalMixin,
    ImportUpdatesView,
    PublishUpdateView,
)

DASHBOARD_ROWS = 10


class RecommendationPolicy(ModelPermissionPolicy):
    """The 18 recommendations are reference data: nobody adds or deletes one here."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


class MilestonePolicy(ModelPermissionPolicy):
    """A published milestone is part of the public record: it may move, not disappear."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.is_published:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class ProgressUpdatePolicy(ModelPermissionPolicy):
    """Only the author edits or deletes a draft (else the editor could publish their own words);
    nobody edits or deletes a published update."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and (
            instance.is_published or instance.author_id != user.pk
        ):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Recommendation, RecommendationPolicy(Recommendation))
register_permission_policy(Milestone, MilestonePolicy(Milestone))
register_permission_policy(ProgressUpdate, ProgressUpdatePolicy(ProgressUpdate))


class InstancePermissionMixin:
    """Check the policy for the object itself (Wagtail's generic views check the model only)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission_required, obj
        ):
            raise PermissionDenied
        return obj


class InstanceEditView(InstancePermissionMixin, generic.EditView):
    pass


class InstanceDeleteView(InstancePermissionMixin, generic.DeleteView):
    pass


class InstanceIndexView(generic.IndexView):
    """Offer edit and delete only on the rows where the policy allows them."""

    def _allowed(self, action, instance):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, action, instance
        )

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self._allowed("change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self._allowed("delete", instance) else None


class RecommendationViewSet(ModelViewSet):
    url_prefix = "avancement/recommandations"
    url_namespace = "governance_recommendation"
    model = Recommendation
    icon = "list-ol"
    menu_label = _("Recommendations")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["number", "title", "axis", "status", "progress", "rag", "last_published_at"]
    list_filter = ["axis", "status", "rag"]
    list_export = [
        "number",
        "title",
        "axis",
        "status",
        "progress",
        "rag",
        "rag_reason",
        "last_published_at",
    ]
    export_filename = "recommandations"
    search_fields = ["title", "summary"]
    ordering = ["number"]
    # Status, progress and rating change only by publishing an update (four eyes).
    form_fields = ["lead_institutions", "contributing_institutions"]


class MilestoneFilterSet(WagtailFilterSet):
    late = django_filters.BooleanFilter(label=_("Late"), method="filter_late")
    published = django_filters.BooleanFilter(
        label=_("Published"), field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Milestone
        fields = ["recommendation"]

    def filter_late(self, queryset, name, value):
        late = Milestone.objects.late().values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class MilestoneViewSet(AddLabelMixin, ModelViewSet):
    url_prefix = "avancement/jalons"
    url_namespace = "governance_milestone"
    model = Milestone
    icon = "date"
    menu_label = _("Milestones")
    add_item_label = _("Add a milestone")
    menu_order = 200
    copy_view_enabled = False
    filterset_class = MilestoneFilterSet
    index_view_class = InstanceIndexView
    delete_view_class = InstanceDeleteView
    list_display = ["title", "recommendation", "planned_date", "forecast_date", "actual_date"]
    list_export = [
        "recommendation",
        "title",
        "planned_date",
        "forecast_date",
        "actual_date",
        "evidence_url",
        "published_at",
    ]
    export_filename = "jalons"
    search_fields = ["title", "description"]
    panels = [
        FieldPanel("recommendation"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("planned_date"), FieldPanel("forecast_date"), FieldPanel("actual_date")]
        ),
        FieldPanel("evidence_url"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Milestone.objects.select_related("recommendation"), **kwargs
        )


class IndicatorViewSet(AddLabelMixin, ModelViewSet):
    url_prefix = "avancement/indicateurs"
    url_namespace = "governance_indicator"
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    add_item_label = _("Add an indicator")
    menu_order = 300
    copy_view_enabled = False
    list_display = ["name", "recommendation", "unit", "baseline_value", "target_value"]
    list_filter = ["recommendation"]
    list_export = [
        "recommendation",
        "name",
        "unit",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "source",
    ]
    export_filename = "indicateurs"
    search_fields = ["name", "source"]
    panels = [
        FieldPanel("recommendation"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("unit")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_date")]),
                FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_date")]),
                FieldPanel("source"),
            ],
            heading=_("Baseline and target"),
        ),
        LabelledInlinePanel(
            "values",
            heading=_("Measured values"),
            label=_("Measured value"),
            add_label=_("Add a measured value"),
        ),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Indicator.objects.select_related("recommendation"), **kwargs
        )


class ProgressUpdateFilterSet(WagtailFilterSet):
    published = django_filters.BooleanFilter(
        label=_("Published"), field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = ProgressUpdate
        fields = ["recommendation", "status", "rag"]


class ProgressUpdateIndexView(InstanceIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if not instance.is_published and instance.author_id != user.pk:
            buttons.insert(
                0,
                ButtonMenuItem(
                    _("Check and publish"),
                    url=reverse("governance_progressupdate:publish", args=[instance.pk]),
                    icon_name="upload",
                    priority=5,
                ),
            )
        return buttons


class ProgressUpdateEditView(DraftRefusalMixin, InstanceEditView):
    pass


class ProgressUpdateDeleteView(DraftRefusalMixin, InstanceDeleteView):
    pass


class ProgressUpdateCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.author = self.request.user
        return super().save_instance()


class ProgressUpdateViewSet(AddLabelMixin, ModelViewSet):
    url_prefix = "avancement/points"
    url_namespace = "governance_progressupdate"
    model = ProgressUpdate
    icon = "upload"
    menu_label = _("Progress updates")
    add_item_label = _("Add a progress update")
    menu_order = 400
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ProgressUpdateIndexView
    add_view_class = ProgressUpdateCreateView
    edit_view_class = ProgressUpdateEditView
    delete_view_class = ProgressUpdateDeleteView
    filterset_class = ProgressUpdateFilterSet
    list_display = [
        "recommendation",
        "status",
        "progress",
        "rag",
        "author",
        "created_at",
        "published_at",
        "published_by",
    ]
    list_export = [
        "recommendation",
        "status",
        "progress",
        "rag",
        "rag_reason",
        "comment",
        "evidence_url",
        "author",
        "created_at",
        "published_at",
        "published_by",
        "previous_status",
        "previous_progress",
        "version",
        "digest",
    ]
    export_filename = "points-d-avancement"
    search_fields = ["comment", "rag_reason"]
    form_fields = list(DRAFT_FIELDS)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=ProgressUpdate.objects.select_related(
                "recommendation", "author", "published_by"
            ),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", PublishUpdateView.as_view(), name="publish"),
        ]


class ProgressTrackingGroup(ModelViewSetGroup):
    menu_label = _("Progress tracking")
    menu_icon = "tasks"
    menu_order = 250
    items = [RecommendationViewSet, MilestoneViewSet, IndicatorViewSet, ProgressUpdateViewSet]


@hooks.register("register_admin_viewset")
def register_progress_viewsets():
    return ProgressTrackingGroup()


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("avancement/import/", ImportUpdatesView.as_view(), name="governance_progress_import")
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return services.is_ministry(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import progress (CSV)"),
        reverse("governance_progress_import"),
        icon_name="download",
        order=260,
    )


class ProgressPanel(Component):
    """What ministry staff must act on: drafts to check, late milestones, stale recommendations."""

    name = "progress_tracking"
    order = 50
    template_name = "governance/admin/progress_panel.html"

    def get_context_data(self, parent_context):
        drafts = selectors.drafts_awaiting_validation()
        late = selectors.late_milestones()
        return {
            "request": parent_context["request"],
            "drafts": list(drafts[:DASHBOARD_ROWS]),
            "drafts_total": drafts.count(),
            "late_milestones": list(late[:DASHBOARD_ROWS]),
            "late_total": late.count(),
            "stale": list(selectors.stale_recommendations()),
            "days": services.stale_after_days(),
        }


@hooks.register("construct_homepage_panels")
def add_progress_panel(request, panels):
    if services.is_ministry(request.user):
        panels.insert(0, ProgressPanel())
