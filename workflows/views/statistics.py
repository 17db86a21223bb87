"""How the innovation pipeline performs, for everyone: /dossiers/statistiques/ and its open data.

Anonymous, aggregated pages: the public page cache keeps them (``STATISTICS_MAX_AGE`` at most,
as dossiers move without publishing anything).
"""

import copy
import csv
from itertools import groupby

import pygal
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from governance.models import Region
from governance.views.barometer import CHART_STYLE, LICENCE, LICENCE_URL, static_svg
from workflows import statistics
from workflows.models import Pathway

STATISTICS_MAX_AGE = 600
STAGE_CHART_STYLE = copy.copy(CHART_STYLE)
STAGE_CHART_STYLE.colors = ("#000091", "#6a6af4", "#c9191e")


def _public(response):
    patch_cache_control(response, public=True, max_age=STATISTICS_MAX_AGE)
    return response


def _stage_chart(cells):
    """Median and 90th-percentile days per stage against the deadline, for one pathway."""
    chart = pygal.Bar(
        js=[],
        style=STAGE_CHART_STYLE,
        width=640,
        height=300,
        disable_xml_declaration=True,
        explicit_size=False,
        legend_at_bottom=True,
        y_title=_("days"),
        x_labels=[str(cell.stage_label) for cell in cells],
        value_formatter=lambda value: f"{value:g}",
        truncate_legend=-1,
        truncate_label=-1,
    )
    chart.add(_("Median"), [cell.median_days for cell in cells])
    chart.add(_("90th percentile"), [cell.p90_days for cell in cells])
    chart.add(_("Deadline"), [cell.deadline_days for cell in cells])
    return static_svg(chart)


def pipeline_statistics(request):
    """Per pathway: dossiers filed, under review, decided, approval rate; days per stage."""
    regional, national = statistics.stage_table()
    region_names = dict(Region.objects.values_list("slug", "name"))
    figures = {figure.pathway: figure for figure in statistics.pathway_figures()}
    pathways = []
    for pathway, cells in groupby(national, key=lambda cell: cell.pathway):
        cells = list(cells)
        shown = any(not cell.suppressed for cell in cells)
        pathways.append(
            {
                "slug": pathway,
                "label": Pathway(pathway).label,
                "figures": figures[pathway],
                "national": cells,
                "chart": _stage_chart(cells) if shown else None,
                "regions": [
                    {"label": f"{region_names[cell.region]} · {cell.stage_label}", "cell": cell}
                    for cell in regional
                    if cell.pathway == pathway and not cell.suppressed
                ],
            }
        )
    context = {
        "pathways": pathways,
        "columns": statistics.STAGE_COLUMNS,
        "minimum": statistics.MIN_DOSSIERS,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    }
    return _public(TemplateResponse(request, "workflows/statistics.html", context))


def export_csv(request):
    """Open data: one row per pathway, region and stage; suppressed cells are empty."""
    regional, _national = statistics.stage_table()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dossiers-statistiques.csv"'
    response["X-Licence"] = f"{LICENCE} ({LICENCE_URL})"
    writer = csv.DictWriter(response, fieldnames=[name for name, _doc in statistics.STAGE_COLUMNS])
    writer.writeheader()
    writer.writerows(cell.as_row() for cell in regional)
    return _public(response)


def export_json(request):
    """Open data: the CSV's rows (suppressed cells are null), the national rows, the pathways."""
    regional, national = statistics.stage_table()
    document = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producer": "Ministère chargé de la santé",
        "generated_at": timezone.now().isoformat(),
        "minimum_dossiers": statistics.MIN_DOSSIERS,
        "columns": [
            {"name": name, "description": str(doc)} for name, doc in statistics.STAGE_COLUMNS
        ],
        "rows": [cell.as_row() for cell in regional],
        "national": [cell.as_row() for cell in national],
        "pathways": [
            {
                "pathway": figure.pathway,
                "filed": figure.filed,
                "under_review": figure.under_review,
                "decided": figure.decided,
                "ended_without_decision": figure.ended_without_decision,
                "approval_rate": figure.approval_rate,
            }
            for figure in statistics.pathway_figures()
        ],
    }
    return _public(
        JsonResponse(
            document,
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
            headers={"Content-Disposition": 'inline; filename="dossiers-statistiques.json"'},
        )
    )
