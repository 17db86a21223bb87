"""The public history of each recommendation's progress updates, its integrity check and its
open data (/avancement/<number>/historique/, /avancement/historique.csv|json)."""

import csv

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from governance import progress_history
from governance.models import Recommendation
from governance.views.barometer import LICENCE, LICENCE_URL


def _recommendation_or_404(number):
    try:
        return progress_history.history_recommendation(number)
    except Recommendation.DoesNotExist as error:
        raise Http404 from error


def history(request, number):
    """Every published update of one recommendation, oldest first, with what it changed."""
    recommendation = _recommendation_or_404(number)
    updates = list(progress_history.recommendation_updates(recommendation))
    for update in updates:
        update.evidence_file_path = progress_history.evidence_file_path(update)
    context = {
        "recommendation": recommendation,
        "updates": updates,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    }
    return TemplateResponse(request, "governance/progress_history.html", context)


def integrity(request, number):
    """Runs the chain verification of the recommendation's updates now: intact, or the first
    broken row. Never cached, so it always answers for the record as it stands."""
    recommendation = _recommendation_or_404(number)
    found = progress_history.check_integrity(recommendation)
    document = {
        "recommendation": recommendation.number,
        "checked_at": timezone.now().isoformat(),
        "updates_checked": progress_history.recommendation_updates(recommendation).count(),
        "intact": found is None,
        "first_broken_update": None if found is None else found.pk,
        "reason": "" if found is None else found.reason,
    }
    return JsonResponse(
        document,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        headers={"Cache-Control": "no-cache"},
    )


def _rows(request):
    for update in progress_history.all_published_updates():
        yield progress_history.export_row(update, request.build_absolute_uri)


def export_csv(request):
    """Open data: every published update, one row each, under the Licence Ouverte 2.0."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="avancement-historique.csv"'
    response["X-Licence"] = f"{LICENCE} ({LICENCE_URL})"
    columns = [name for name, _doc in progress_history.HISTORY_COLUMNS]
    writer = csv.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    writer.writerows(_rows(request))
    patch_cache_control(response, public=True)
    return response


def export_json(request):
    """Open data: the same rows as the CSV, with the licence and the columns documented."""
    document = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producer": "Ministère chargé de la santé",
        "generated_at": timezone.now().isoformat(),
        "columns": [
            {"name": name, "description": str(doc)}
            for name, doc in progress_history.HISTORY_COLUMNS
        ],
        "updates": list(_rows(request)),
    }
    response = JsonResponse(
        document,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        headers={"Content-Disposition": 'inline; filename="avancement-historique.json"'},
    )
    patch_cache_control(response, public=True)
    return response
