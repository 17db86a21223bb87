"""The public history of progress updates: every published update, its integrity, its open data.

The barometer promises that each published update stays in the public history; this module is
that history's read path (a recommendation's updates in publication order, the whole record for
the exports) and the check anyone may run on it (the keyed chain of ``governance.history``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.history import first_break_in
from governance.models import ProgressUpdate, Recommendation

# The open data columns of /avancement/historique.csv|json, in order, with what each holds.
HISTORY_COLUMNS = [
    ("update_id", _("Stable identifier of the published update.")),
    ("recommendation_id", _("Stable identifier of the recommendation (cnnum-2020-r01 to r18).")),
    ("number", _("Number of the recommendation in the report (1 to 18).")),
    ("published_at", _("Date and time of publication (ISO 8601).")),
    ("previous_status", _("Status before this update (empty for the first one).")),
    (
        "status",
        _(
            "Status it published: not_started, in_progress, partially_implemented, implemented "
            "or abandoned."
        ),
    ),
    ("previous_progress", _("Progress before this update, in percent (empty for the first).")),
    ("progress", _("Progress it published, in percent (0 to 100).")),
    ("previous_rag", _("Red/amber/green rating before this update, or empty.")),
    ("rag", _("Red/amber/green rating it published: red, amber, green, or empty.")),
    ("rag_reason", _("Reason given for the rating.")),
    ("comment", _("The ministry's comment.")),
    ("evidence_url", _("Link to the evidence, or empty.")),
    ("evidence_file_url", _("Address of the evidence file, or empty.")),
    ("digest", _("Keyed digest chaining the update to the previous one (tamper evidence).")),
    ("integrity_url", _("Address where the recommendation's chain of updates is checked.")),
]


def recommendation_updates(recommendation):
    """Published updates of ``recommendation``, oldest first (the chain's order)."""
    return (
        ProgressUpdate.objects.published()
        .filter(recommendation=recommendation)
        .order_by("published_at", "pk")
    )


def all_published_updates():
    """Every published update, by recommendation then publication: one query."""
    return (
        ProgressUpdate.objects.published()
        .select_related("recommendation")
        .order_by("recommendation__number", "published_at", "pk")
    )


def history_recommendation(number):
    return Recommendation.objects.select_related("axis").get(number=number)


def check_integrity(recommendation):
    """The first broken row of the recommendation's chain of updates, or ``None`` if intact."""
    return first_break_in(
        ProgressUpdate,
        recommendation_updates(recommendation).iterator(),
        orphans=ProgressUpdate.chain_orphans().filter(recommendation=recommendation),
    )


def evidence_file_path(update):
    return reverse("progress-evidence", args=[update.pk]) if update.evidence_file else ""


def export_row(update, build_absolute_uri):
    """One update as the open data row (``build_absolute_uri`` makes addresses absolute)."""
    file_path = evidence_file_path(update)
    number = update.recommendation.number
    return {
        "update_id": update.pk,
        "recommendation_id": update.recommendation.open_data_id,
        "number": number,
        "published_at": update.published_at.isoformat(),
        "previous_status": update.previous_status,
        "status": update.status,
        "previous_progress": update.previous_progress,
        "progress": update.progress,
        "previous_rag": update.previous_rag,
        "rag": update.rag,
        "rag_reason": update.rag_reason,
        "comment": update.comment,
        "evidence_url": update.evidence_url,
        "evidence_file_url": build_absolute_uri(file_path) if file_path else "",
        "digest": update.digest,
        "integrity_url": build_absolute_uri(reverse("progress-integrity", args=[number])),
    }
