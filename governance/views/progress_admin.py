"""Ministry staff's progress views in the Wagtail admin: publish a draft, import a CSV file."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from governance import services
from governance.errors import NotPermitted
from governance.models import ProgressUpdate
from governance.services import IMPORT_COLUMNS, IMPORT_REQUIRED

UPDATES_INDEX = "governance_progressupdate:index"


class PublishUpdateView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then publish a colleague's draft (four eyes)."""

    template_name = "governance/admin/publish_update.html"
    page_title = gettext_lazy("Publish a progress update")
    header_icon = "upload"

    def dispatch(self, request, pk):
        if not services.is_ministry(request.user):
            raise PermissionDenied
        self.update = get_object_or_404(
            ProgressUpdate.objects.select_related("recommendation", "author"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(UPDATES_INDEX), "label": _("Progress updates")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        recommendation = self.update.recommendation
        return super().get_context_data(
            update=self.update,
            recommendation=recommendation,
            is_author=self.update.author_id == self.request.user.pk,
            **kwargs,
        )

    def post(self, request, pk):
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Open the update again, check it, then publish it."))
            return redirect("governance_progressupdate:publish", pk)
        try:
            services.publish_update(self.update, request.user, version=form.cleaned_data["version"])
        except NotPermitted as error:
            messages.error(request, str(error))
        except ProgressUpdate.DoesNotExist:
            messages.error(request, _("This update was deleted by its author."))
        except services.AlreadyPublished:
            messages.warning(request, _("This update is already published."))
        except services.DraftChanged:
            messages.warning(
                request,
                _(
                    "The author changed this update after you opened it: nothing was published. "
                    "Check the new version below, then publish it."
                ),
            )
            return redirect("governance_progressupdate:publish", pk)
        else:
            messages.success(
                request,
                _("Update published: recommendation %(number)s now shows it publicly.")
                % {"number": self.update.recommendation.number},
            )
        return redirect(UPDATES_INDEX)


class PublishForm(forms.Form):
    """The version the publisher checked, sent back with the publication."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class DraftRefusalMixin:
    """Turn a refused write on a draft (published meanwhile, or deleted) into a clear message.

    The permission check before the form catches the usual case; this covers the race where
    a colleague publishes while the author is saving or deleting.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError:
            messages.error(
                self.request,
                _("This update has been published meanwhile: it can no longer be changed."),
            )
        except ProgressUpdate.DoesNotExist:
            messages.error(self.request, _("This update no longer exists."))
        return redirect(UPDATES_INDEX)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, comma or semicolon separated, with a header line."),
    )


class ImportUpdatesView(WagtailAdminTemplateMixin, FormView):
    """Bulk update by CSV: every row checked first; one bad row and nothing is written."""

    template_name = "governance/admin/import_updates.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import progress updates (CSV)")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not services.is_ministry(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(UPDATES_INDEX), "label": _("Progress updates")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=IMPORT_COLUMNS, required=IMPORT_REQUIRED, **kwargs)

    def form_valid(self, form):
        result = services.import_updates_csv(form.cleaned_data["file"], self.request.user)
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, errors=result.errors), status=400
            )
        messages.success(
            self.request,
            _(
                "Draft updates created: %(count)s. A colleague must now check and publish each "
                "of them."
            )
            % {"count": len(result.created)},
        )
        return redirect(UPDATES_INDEX)
