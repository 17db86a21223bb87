"""The public barometer (/avancement/) and its open data exports."""

import csv
import functools
from datetime import date
from xml.etree import ElementTree

import pygal
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pygal.style import Style

from governance import linked_work, public_cache, selectors
from governance.models import RAG, ProgressUpdate, RecommendationStatus

LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# The open data columns, in order, with what each one holds (shown on /avancement/ too).
EXPORT_COLUMNS = [
    ("id", gettext_lazy("Stable identifier of the recommendation (cnnum-2020-r01 to r18).")),
    ("number", gettext_lazy("Number of the recommendation in the report (1 to 18).")),
    ("axis_number", gettext_lazy("Number of its axis (1 to 4).")),
    ("axis_title", gettext_lazy("Title of its axis.")),
    ("title", gettext_lazy("Title of the recommendation.")),
    (
        "status",
        gettext_lazy(
            "Published status: not_started, in_progress, partially_implemented, implemented "
            "or abandoned."
        ),
    ),
    ("progress", gettext_lazy("Published progress, in percent (0 to 100).")),
    ("rag", gettext_lazy("Red/amber/green rating: red, amber, green, or empty if not rated.")),
    ("rag_reason", gettext_lazy("Reason given for the rating.")),
    (
        "last_published_at",
        gettext_lazy("Date and time of the last published update (ISO 8601), or empty."),
    ),
    (
        "lead_institutions",
        gettext_lazy("Institutions leading the recommendation, separated by “;”."),
    ),
    (
        "contributing_institutions",
        gettext_lazy("Institutions contributing to it, separated by “;”."),
    ),
    ("milestones_total", gettext_lazy("Number of published milestones.")),
    ("milestones_done", gettext_lazy("Milestones reached (with an actual date).")),
    ("milestones_late", gettext_lazy("Milestones not reached whose expected date has passed.")),
    ("url", gettext_lazy("Address of the recommendation's page.")),
    ("exported_at", gettext_lazy("Date of the export (ISO 8601).")),
    ("licence", gettext_lazy("Licence of the data: Licence Ouverte 2.0 (Etalab).")),
]

CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#161616",
    foreground_strong="#161616",
    foreground_subtle="#666666",
    colors=("#000091", "#c9191e"),
    font_family="Marianne, arial, sans-serif",
    guide_stroke_color="#e5e5e5",
    major_guide_stroke_color="#e5e5e5",
    guide_stroke_dasharray="1,0",
    major_guide_stroke_dasharray="1,0",
)


def _without_scripts(tree):
    """Drop the inline scripts pygal always adds: the CSP forbids them and the chart is static."""
    for parent in list(tree.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return tree


def indicator_chart(indicator):
    """An SVG line chart of the indicator's measured values against its target."""
    values = list(indicator.values.all())
    return _line_chart(
        indicator.pk,  # each chart its own element ids, even where two draw the same data
        indicator.unit,
        (indicator.baseline_date, float(indicator.baseline_value)),
        tuple((value.date, float(value.value)) for value in values),
        (indicator.target_date, float(indicator.target_value)),
        (_("Measured"), _("Target")),
    )


@functools.lru_cache(maxsize=512)
def _line_chart(_chart_id, unit, baseline, measured, target, labels):
    """The chart drawn from its data alone, so each process draws it once per state of the data
    (drawing takes pygal tens of milliseconds; an indicator changes a few times a year)."""
    (baseline_date, baseline_value), (target_date, target_value) = baseline, target
    days = [baseline_date, target_date, *(day for day, _value in measured)]
    first, last = min(days), max(days)
    # XY over day ordinals rather than pygal's DateLine, which calls a deprecated datetime API.
    chart = pygal.XY(
        js=[],
        style=CHART_STYLE,
        width=640,
        height=300,
        disable_xml_declaration=True,
        explicit_size=False,
        show_legend=True,
        legend_at_bottom=True,
        y_title=unit,
        x_labels=[date(year, 1, 1).toordinal() for year in range(first.year, last.year + 2)],
        x_value_formatter=lambda day: str(date.fromordinal(int(day)).year),
        value_formatter=lambda value: f"{value:g}",
        dots_size=4,
        truncate_legend=-1,
        truncate_label=-1,
    )
    chart.add(
        labels[0],
        [(baseline_date.toordinal(), baseline_value)]
        + [(day.toordinal(), value) for day, value in measured],
    )
    chart.add(
        labels[1],
        [(baseline_date.toordinal(), target_value), (target_date.toordinal(), target_value)],
        stroke_style={"width": 3, "dasharray": "8, 4"},
        show_dots=False,
    )
    return static_svg(chart)


def static_svg(chart):
    """A pygal chart as inline SVG without scripts, hidden from screen readers: every chart
    comes with a table of its data."""
    tree = _without_scripts(chart.render_tree())
    tree.set("aria-hidden", "true")
    tree.set("focusable", "false")
    return mark_safe(ElementTree.tostring(tree, encoding="unicode"))  # noqa: S308 (pygal output)


def _axis_totals(recommendations):
    count = len(recommendations) or 1
    by_status = dict.fromkeys(RecommendationStatus.values, 0)
    for recommendation in recommendations:
        by_status[recommendation.status] += 1
    return {
        "average_progress": round(sum(r.progress for r in recommendations) / count),
        "by_status": [
            (RecommendationStatus(code).label, code, by_status[code])
            for code in RecommendationStatus.values
            if by_status[code]
        ],
    }


def barometer(request):
    """All 18 recommendations by axis: status, progress, rating, indicators and milestones."""
    public_cache.depends_on(request, public_cache.BAROMETER, public_cache.PAGES)
    today = timezone.localdate()
    axes = list(selectors.barometer_axes())
    all_recommendations = []
    for axis in axes:
        axis.recommendation_list = list(axis.recommendations.all())
        axis.totals = _axis_totals(axis.recommendation_list)
        for recommendation in axis.recommendation_list:
            all_recommendations.append(recommendation)
            recommendation.indicator_list = [
                {"indicator": indicator, "chart": indicator_chart(indicator)}
                for indicator in recommendation.indicators.all()
            ]
            recommendation.milestone_list = [
                {"milestone": milestone, "late": milestone.is_late(today)}
                for milestone in recommendation.milestones.all()
            ]
    linked_work.attach(all_recommendations)
    context = {
        "axes": axes,
        "totals": _axis_totals(all_recommendations),
        "columns": EXPORT_COLUMNS,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "rag_choices": RAG,
    }
    return TemplateResponse(request, "governance/barometer.html", context)


def _export_rows(request):
    exported_at = timezone.localdate().isoformat()
    for recommendation in selectors.open_data_recommendations():
        yield {
            "id": recommendation.open_data_id,
            "number": recommendation.number,
            "axis_number": recommendation.axis.number,
            "axis_title": recommendation.axis.title,
            "title": recommendation.title,
            "status": recommendation.status,
            "progress": recommendation.progress,
            "rag": recommendation.rag,
            "rag_reason": recommendation.rag_reason,
            "last_published_at": recommendation.last_published_at.isoformat()
            if recommendation.last_published_at
            else "",
            "lead_institutions": ";".join(str(i) for i in recommendation.lead_institutions.all()),
            "contributing_institutions": ";".join(
                str(i) for i in recommendation.contributing_institutions.all()
            ),
            "milestones_total": recommendation.milestones_total,
            "milestones_done": recommendation.milestones_done,
            "milestones_late": recommendation.milestones_late,
            "url": request.build_absolute_uri(recommendation.get_absolute_url()),
            "exported_at": exported_at,
            "licence": LICENCE,
        }


def export_csv(request):
    """Open data: one row per recommendation, under the Licence Ouverte 2.0."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="avancement-recommandations.csv"'
    response["X-Licence"] = f"{LICENCE} ({LICENCE_URL})"
    writer = csv.DictWriter(response, fieldnames=[name for name, _doc in EXPORT_COLUMNS])
    writer.writeheader()
    writer.writerows(_export_rows(request))
    return response


def export_json(request):
    """Open data: the same rows as the CSV, with the licence and the columns documented."""
    document = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producer": "Ministère chargé de la santé",
        "generated_at": timezone.now().isoformat(),
        "columns": [{"name": name, "description": str(doc)} for name, doc in EXPORT_COLUMNS],
        "recommendations": list(_export_rows(request)),
    }
    return JsonResponse(
        document,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        headers={"Content-Disposition": 'inline; filename="avancement-recommandations.json"'},
    )


def evidence_file(request, pk):
    """The evidence file of a published update (drafts' files are not public)."""
    update = get_object_or_404(ProgressUpdate.objects.published(), pk=pk)
    if not update.evidence_file:
        raise Http404
    try:
        handle = update.evidence_file.open("rb")
    except OSError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=update.evidence_file.name.rsplit("/", 1)[-1]
    )
