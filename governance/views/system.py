from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness probe: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def rate_limited(request, exception):
    """What django-ratelimit answers: 429 with a message people can act on."""
    message = _("Too many attempts in a short time. Please wait a minute and try again.")
    if request.accepts("text/html") and not request.path.startswith("/api/"):
        return TemplateResponse(
            request, "governance/rate_limited.html", {"message": message}, status=429
        )
    return JsonResponse({"detail": message}, status=429)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /dossiers/",
        "Disallow: /instruction/",
    ]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
