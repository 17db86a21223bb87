"""How the innovation pipeline performs, for the public: anonymised, aggregated figures.

A dossier's *stay* in a stage is the time between the transitions that entered and left it,
summed over its visits (a correction counts outside the stage, as the deadline's clock pauses
then); only finished stays count. Every figure is computed from at least ``MIN_DOSSIERS``
dossiers or not at all (``None``, ``null`` in the exports), and when a group's published total
would reveal a single suppressed cell by subtraction, the next smallest cell is suppressed too.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from governance.models import Region
from workflows.linked_counts import filed_counts
from workflows.models import (
    ClockedStage,
    Dossier,
    DossierState,
    DossierTransition,
    Pathway,
    StageDeadline,
)
from workflows.procedures import PROCEDURES

MIN_DOSSIERS = 5
SECONDS_PER_DAY = 86400
S = DossierState
DECIDED_STATES = (S.APPROVED, S.REJECTED, S.RECOMMENDATIONS_ISSUED)
ENDED_WITHOUT_DECISION = (S.CLOSED, S.WITHDRAWN)

# The columns of /dossiers/statistiques.csv|json, in order, with what each holds.
STAGE_COLUMNS = [
    ("pathway", _("Pathway (has-early-dialogue, forfait-innovation, pecan, article-51, "
                  "mon-espace-sante).")),
    ("region", _("Region of the dossiers (slug of the official region name; empty in the "
                 "JSON's national rows).")),
    ("stage", _("Stage: submitted (admissibility), hub_review, expert_review or "
                "awaiting_decision.")),
    ("dossiers", _("Dossiers whose stay in the stage is finished (empty under 5).")),
    ("median_days", _("Median days spent in the stage, corrections excluded (empty under 5).")),
    ("p90_days", _("90th percentile of those days, nearest rank (empty under 5).")),
    ("deadline_days", _("Days the procedure allows for the stage.")),
    ("overdue_share", _("Share of those stays longer than the deadline, 0 to 1 (empty under "
                        "5).")),
]  # fmt: skip


def stages_of(pathway):
    """The clocked stages a pathway's dossiers go through (no decision stage without one)."""
    procedure = PROCEDURES[pathway]
    return [
        stage
        for stage in ClockedStage
        if stage != ClockedStage.AWAITING_DECISION or procedure.has_decision
    ]


def deadlines():
    """{(pathway, stage): days} in force: the admin's rows, else the procedures' defaults."""
    rows = {(row.pathway, row.stage): row.days for row in StageDeadline.objects.all()}
    return {
        (pathway, stage): rows.get((pathway, stage)) or PROCEDURES[pathway].default_days(stage)
        for pathway in Pathway
        for stage in stages_of(pathway)
    }


def nearest_rank(values, share):
    """The ``share`` percentile of sorted ``values`` by the nearest-rank method."""
    return values[max(0, math.ceil(share * len(values)) - 1)]


def stage_stays():
    """{(pathway, region_id, stage): [days, one per dossier]} from the transition log.

    One query over the log, read in order, one dossier at a time: each row's ``at`` closes the
    stay its ``source`` was in and opens the stay of its ``target``.
    """
    stays = defaultdict(list)
    rows = (
        DossierTransition.objects.order_by("dossier_id", "at", "pk")
        .values_list("dossier_id", "dossier__pathway", "dossier__region_id", "target", "at")
        .iterator(chunk_size=5000)
    )
    for _dossier_id, log in groupby(rows, key=lambda row: row[0]):
        log = list(log)
        _pk, pathway, region_id, _target, _at = log[0]
        spent = defaultdict(float)
        entered = state = None
        for *_dossier, target, at in log:
            if state in ClockedStage.values:
                spent[state] += (at - entered).total_seconds() / SECONDS_PER_DAY
            entered, state = at, target
        spent.pop(state, None)  # still in that stage: its stay is not finished
        for stage, days in spent.items():
            stays[(pathway, region_id, stage)].append(days)
    return stays


@dataclass
class StageCell:
    pathway: str
    region: str  # slug, or "" for the whole country
    stage: str
    deadline_days: int
    dossiers: int | None = None
    median_days: float | None = None
    p90_days: float | None = None
    overdue_share: float | None = None
    count: int = 0  # never published; used to suppress

    @property
    def stage_label(self):
        return ClockedStage(self.stage).label

    @property
    def suppressed(self):
        return self.dossiers is None

    def suppress(self):
        self.dossiers = self.median_days = self.p90_days = self.overdue_share = None

    def as_row(self):
        return {name: getattr(self, name) for name, _doc in STAGE_COLUMNS}


def _cell(pathway, region, stage, deadline, days):
    cell = StageCell(pathway, region, stage, deadline, count=len(days))
    if len(days) >= MIN_DOSSIERS:
        ordered = sorted(days)
        cell.dossiers = len(ordered)
        cell.median_days = round(statistics.median(ordered), 1)
        cell.p90_days = round(nearest_rank(ordered, 0.9), 1)
        cell.overdue_share = round(sum(day > deadline for day in ordered) / len(ordered), 2)
    return cell


def protect_complement(cells):
    """Suppress the smallest published cell of a group when exactly one other is suppressed,
    so a published total minus the published cells never reveals a small count."""
    suppressed = [cell for cell in cells if cell.suppressed]
    published = sorted((cell for cell in cells if not cell.suppressed), key=lambda c: c.count)
    if len(suppressed) == 1 and suppressed[0].count and published:
        published[0].suppress()


def stage_table():
    """(regional cells, national cells), each pathway × stage, regions in name order."""
    regions = list(Region.objects.order_by("name").values_list("pk", "slug"))
    stays = stage_stays()
    days_allowed = deadlines()
    regional, national = [], []
    for pathway in Pathway:
        for stage in stages_of(pathway):
            deadline = days_allowed[(pathway, stage)]
            group = [
                _cell(pathway, slug, stage, deadline, stays.get((pathway, pk, stage), []))
                for pk, slug in regions
            ]
            whole = [day for pk, _slug in regions for day in stays.get((pathway, pk, stage), [])]
            country = _cell(pathway, "", stage, deadline, whole)
            if not country.suppressed:
                protect_complement(group)
            regional.extend(group)
            national.append(country)
    return regional, national


@dataclass
class PathwayFigures:
    pathway: str
    label: str
    filed: int | None
    under_review: int | None
    decided: int | None
    ended_without_decision: int | None
    approval_rate: float | None
    has_decision: bool


def _published(count):
    return count if count >= MIN_DOSSIERS else None


def _outcome_of(state):
    if state in DECIDED_STATES:
        return "decided"
    if state in ENDED_WITHOUT_DECISION:
        return "ended_without_decision"
    return "under_review"


def pathway_figures():
    """Per pathway: dossiers filed, under review, decided, ended otherwise, approval rate.

    The three parts add up to the filed total, so they are protected like a group of cells.
    """
    by_pathway = defaultdict(lambda: defaultdict(int))
    rows = Dossier.objects.exclude(state=S.DRAFT).values("pathway", "state").annotate(n=Count("pk"))
    for row in rows:
        by_pathway[row["pathway"]][row["state"]] += row["n"]
    figures = []
    for pathway in Pathway:
        by_state = by_pathway[pathway]
        parts = dict.fromkeys(("under_review", "decided", "ended_without_decision"), 0)
        for state, count in by_state.items():
            parts[_outcome_of(state)] += count
        filed = sum(parts.values())
        cells = [StageCell(pathway, "", name, 0, count=count) for name, count in parts.items()]
        for cell in cells:
            cell.dossiers = _published(cell.count)
        if _published(filed) is not None:
            protect_complement(cells)
        approved, rejected = by_state[S.APPROVED], by_state[S.REJECTED]
        # The rate and the decided total would give away a small group of either outcome.
        small_group = any(0 < count < MIN_DOSSIERS for count in (approved, rejected))
        judged = approved + rejected
        rate = None if small_group or not judged else round(approved / judged, 2)
        figures.append(
            PathwayFigures(
                pathway=pathway.value,
                label=pathway.label,
                filed=_published(filed),
                approval_rate=rate,
                has_decision=PROCEDURES[pathway].has_decision,
                **{cell.stage: cell.dossiers for cell in cells},
            )
        )
    return figures


def dossiers_by_recommendation(recommendation_ids):
    """{recommendation id: filed dossiers linked to it, or None under ``MIN_DOSSIERS``}, as
    kept by ``workflows.linked_counts``."""
    found = filed_counts(recommendation_ids)
    return {pk: _published(found.get(pk, 0)) for pk in recommendation_ids}
