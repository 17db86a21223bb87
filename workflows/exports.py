"""Exports of a reviewers' queue view: the same rows as the page, as CSV or XLSX.

Never a private note: the columns are the queue's own (reference, state, dates, assignee).
"""

import csv
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from workflows import selectors
from workflows.forms import QueueFilterForm
from workflows.models import QueueExport, QueueExportState

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


PROGRESS_EVERY = 500


def queue_view(user, params):
    """The tab, the bound filter form, the colleagues and the queryset of a queue view
    (``params``: the queue's query string as a QueryDict)."""
    tab = params.get("onglet")
    if tab not in selectors.QUEUES:
        tab = selectors.DEFAULT_QUEUE
    members = list(selectors.assignable_members(user))
    form = QueueFilterForm(params or None, members=members)
    dossiers = selectors.queue_for(user, tab, **form.queue_filters(), now=selectors.queue_clock())
    # A row (on the page, in an export) shows the dossier's region, organisation and assignee,
    # never its hub or owner: two joins fewer halve the time PostgreSQL takes to plan the rows.
    dossiers = dossiers.select_related(None).select_related("region", "organisation", "assignee")
    return tab, form, members, dossiers


def is_large(dossiers):
    return dossiers.count() > settings.QUEUE_EXPORT_BACKGROUND_ROWS


def start(user, fmt, query):
    """Record a background export of the queue view ``query`` and queue its task."""
    export = QueueExport.objects.create(requested_by=user, fmt=fmt, query=query)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id):
    from workflows.tasks import build_queue_export

    build_queue_export.enqueue(export_id)


def build(export):
    """Write the export's file, counting the rows written so its page shows the progress."""
    _tab, _form, _members, dossiers = queue_view(export.requested_by, QueryDict(export.query))
    total = dossiers.count()
    QueueExport.objects.filter(pk=export.pk).update(
        state=QueueExportState.RUNNING, rows_total=total
    )

    def progress(done):
        QueueExport.objects.filter(pk=export.pk).update(rows_done=done)

    content = render(dossiers, export.fmt, progress=progress)
    export.file.save(f"dossiers.{export.fmt}", ContentFile(content), save=False)
    QueueExport.objects.filter(pk=export.pk).update(
        file=export.file.name, state=QueueExportState.DONE, rows_done=total
    )


def header():
    return [
        _("Reference"),
        _("Title"),
        _("Organisation"),
        _("Region"),
        _("Pathway"),
        _("State"),
        _("Filed"),
        _("Stage deadline"),
        _("Assigned to"),
        _("Corrected"),
        _("Overdue"),
    ]


def _date(value):
    return timezone.localtime(value).date().isoformat() if value else ""


def rows(dossiers, now=None, progress=None):
    now = now or timezone.now()
    for count, dossier in enumerate(dossiers.iterator(chunk_size=PROGRESS_EVERY), 1):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        yield [
            dossier.reference,
            dossier.title,
            dossier.organisation.name if dossier.organisation_id else "",
            dossier.region.name,
            str(dossier.get_pathway_display()),
            str(dossier.get_state_display()),
            _date(dossier.submitted_at),
            _date(dossier.stage_due_at),
            dossier.assignee.display_name if dossier.assignee_id else "",
            _("yes") if getattr(dossier, "corrected", False) else _("no"),
            _("yes") if dossier.is_overdue(now) else _("no"),
        ]


def as_csv(dossiers, progress=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(rows(dossiers, progress=progress))
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(dossiers, progress=None):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Dossiers"))
    sheet.append(header())
    for row in rows(dossiers, progress=progress):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(dossiers, fmt, progress=None):
    return (as_xlsx if fmt == "xlsx" else as_csv)(dossiers, progress=progress)
