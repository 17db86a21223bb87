"""The reviewers' space (/instruction/): queues as tabs, filters, search, batch actions and
exports of the current view."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.roles import is_reviewer
from workflows import exports, selectors, workbench
from workflows.models import Pathway, QueueExport, QueueExportState
from workflows.views.common import paginate


def _reviewer(request):
    """Reviewers only: hub staff, expert bodies (HAS, ANS, ARS), decision-makers, superusers."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    return request.user


@dataclass(frozen=True)
class QueueRow:
    """A dossier as its queue row shows it. The page draws each row twice, as a table row on
    wide screens and as a card on narrow ones: its values are worked out once, here."""

    pk: int
    reference: str
    title: str
    url: str
    select_label: str
    details: str  # organisation · region · pathway
    badges: str  # the state badge (and "overdue"), drawn by its own template
    corrected: bool
    filed: str
    deadline: str
    assignee: str
    review_assigned_to_me: bool


def _short_date(value):
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else "—"


def _deadline(dossier):
    if dossier.clock_paused_at:
        return _("paused")
    return _short_date(dossier.stage_due_at)


def _queue_rows(dossiers):
    badge = get_template("workflows/includes/state_badge.html")
    # The badge shows the state and whether the stage's clock ran out, nothing else of the
    # dossier: it is drawn once per such pair on the page.
    badges = {}
    rows = []
    for dossier in dossiers:
        key = (dossier.state, dossier.is_overdue())
        if key not in badges:
            badges[key] = badge.render({"dossier": dossier})
        organisation = dossier.organisation.name if dossier.organisation else ""
        rows.append(
            QueueRow(
                pk=dossier.pk,
                reference=dossier.reference,
                title=dossier.title,
                url=reverse("instruction:dossier", args=[dossier.pk]),
                select_label=_("Select %(reference)s") % {"reference": dossier.reference},
                details=(
                    f"{organisation or '—'} · {dossier.region.name} · "
                    f"{Pathway(dossier.pathway).label}"
                ),
                badges=badges[key],
                corrected=dossier.corrected,
                filed=_short_date(dossier.submitted_at),
                deadline=_deadline(dossier),
                assignee=(dossier.assignee.display_name if dossier.assignee else "") or "—",
                review_assigned_to_me=dossier.review_assigned_to_me,
            )
        )
    return rows


@login_required
def queues(request):
    user = _reviewer(request)
    tab, form, members, dossiers = exports.queue_view(user, request.GET)
    now = selectors.queue_clock()
    page = paginate(request, dossiers)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("onglet", None)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    page_query = export_query.copy()
    page_query["onglet"] = tab
    return TemplateResponse(
        request,
        "workflows/queues.html",
        {
            "tabs": list(selectors.QUEUES.items()),
            "tab": tab,
            "tab_label": selectors.QUEUES[tab],
            "page": page,
            "rows": _queue_rows(page.object_list),
            "form": form,
            "members": members,
            "filter_query": query.urlencode(),
            "export_query": export_query.urlencode(),
            "page_query": page_query.urlencode(),
            "now": now,
            "overdue_counts": selectors.overdue_by_group(user, now),
            "batch_actions": list(workbench.BATCH_ACTIONS.items()),
            "follow_ups": list(selectors.follow_ups_for(user, now)),
        },
    )


def _download(content, fmt, name="dossiers"):
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_queue(request, fmt):
    """The current queue view (tab, filters, search) as CSV or XLSX."""
    user = _reviewer(request)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    _tab, _form, _members, dossiers = exports.queue_view(user, request.GET)
    if exports.is_large(dossiers):
        export = exports.start(user, fmt, request.GET.urlencode())
        return redirect("instruction:export-status", export.pk)
    return _download(exports.render(dossiers, fmt), fmt)


def _own_export(request, pk):
    export = QueueExport.objects.filter(pk=pk, requested_by=request.user).first()
    if export is None:
        raise Http404
    return export


@login_required
def export_status(request, pk):
    """A background export's progress, refreshed by the page itself until the file is ready."""
    _reviewer(request)
    export = _own_export(request, pk)
    response = TemplateResponse(request, "workflows/queue_export.html", {"export": export})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_file(request, pk):
    _reviewer(request)
    export = _own_export(request, pk)
    if export.state != QueueExportState.DONE:
        raise Http404
    with export.file.open("rb") as stored:
        return _download(stored.read(), export.fmt)


@login_required
@require_POST
def batch(request):
    """One action on the selected dossiers, each through the same service as alone; the page
    tells which succeeded and which did not, and why."""
    user = _reviewer(request)
    action = request.POST.get("action")
    if action not in workbench.BATCH_ACTIONS:
        action = None
    pks = [pk for pk in request.POST.getlist("dossiers") if pk.isdigit()][:500]
    back = request.POST.get("back", "")
    back = back if back.startswith("?") else ""
    if action == "export" and pks:
        selected = selectors.queue_for(user, "tous").filter(pk__in=pks)
        return _download(exports.render(selected, "xlsx"), "xlsx", name="selection")
    succeeded, failed = [], []
    if action and pks:
        succeeded, failed = workbench.run_batch(
            user, action, pks, assignee=request.POST.get("assignee")
        )
    return TemplateResponse(
        request,
        "workflows/queue_batch.html",
        {
            "action": action,
            "action_label": workbench.BATCH_ACTIONS.get(action, ""),
            "nothing_selected": not pks or not action,
            "succeeded": succeeded,
            "failed": failed,
            "back": back,
        },
        status=200,
    )
