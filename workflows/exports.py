"""Exports of a reviewers' queue view: the same rows as the page, as CSV or XLSX.

Never a private note: the columns are the queue's own (reference, state, dates, assignee).
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def rows(dossiers, now=None):
    now = now or timezone.now()
    for dossier in dossiers.iterator(chunk_size=500):
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


def as_csv(dossiers):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(rows(dossiers))
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(dossiers):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Dossiers"))
    sheet.append(header())
    for row in rows(dossiers):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(dossiers, fmt):
    return as_xlsx(dossiers) if fmt == "xlsx" else as_csv(dossiers)
