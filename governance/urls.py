"""The URL map of the whole site; the only governance module that wires in cms and workflows."""

import os

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import api as cms_api
from cms import api_comments as cms_comments_api
from cms import views as cms_views
from cms.feeds import ConsultationFeed
from governance import api as governance_api
from governance import api_account as governance_account_api
from governance.language import language_prefixed_patterns
from governance.views import account as account_views
from governance.views import api_tokens as api_token_views
from governance.views import barometer as barometer_views
from governance.views import progress_history as history_views
from governance.views import system as system_views
from workflows import api as workflows_api
from workflows import urls as workflows_urls

api_v1 = [
    path("auth/token/", governance_api.TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Each app's api.py ends with its own urlpatterns (paths relative to /api/v1/).
    *governance_api.urlpatterns,
    *governance_account_api.urlpatterns,
    *workflows_api.urlpatterns,
    *cms_api.urlpatterns,
    *cms_comments_api.urlpatterns,
]

urlpatterns = [
    path("healthz", system_views.healthz, name="healthz"),
    path("robots.txt", system_views.robots_txt, name="robots-txt"),
    path("api/v1/", include(api_v1)),
    path("accounts/", include("allauth.urls")),
    path("langue/<str:code>/", system_views.switch_language, name="switch-language"),
    path("compte/", account_views.my_account, name="my-account"),
    path("compte/mes-donnees.json", account_views.export, name="my-account-export"),
    path("compte/supprimer/", account_views.delete, name="my-account-delete"),
    path("compte/jetons/", api_token_views.api_token_list, name="account-api-tokens"),
    path(
        "compte/jetons/<int:pk>/revoquer/",
        api_token_views.api_token_revoke,
        name="account-api-token-revoke",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Application pages (before Wagtail's catch-all below).
    path("avancement/", barometer_views.barometer, name="barometer"),
    path("avancement/export.csv", barometer_views.export_csv, name="barometer-export-csv"),
    path("avancement/export.json", barometer_views.export_json, name="barometer-export-json"),
    path("avancement/preuves/<int:pk>/", barometer_views.evidence_file, name="progress-evidence"),
    path("avancement/historique.csv", history_views.export_csv, name="progress-history-csv"),
    path("avancement/historique.json", history_views.export_json, name="progress-history-json"),
    path("avancement/<int:number>/historique/", history_views.history, name="progress-history"),
    path(
        "avancement/<int:number>/integrite.json",
        history_views.integrity,
        name="progress-integrity",
    ),
    path("dossiers/", include((workflows_urls.dossier_patterns, "workflows"))),
    path("instruction/", include((workflows_urls.instruction_patterns, "instruction"))),
    path("recherche/", cms_views.search, name="search"),
    path("consultations/flux/", ConsultationFeed(), name="consultations-feed"),
    # In each language, like the consultation pages they come from and lead back to.
    *language_prefixed_patterns(path("consultations/commentaires/", include("cms.comments.urls"))),
    path("sitemap.xml", cms_views.sitemap, name="sitemap"),
    path("plan-du-site/", cms_views.site_map, name="site-map"),
]

# Uploaded files are private (dossier attachments, decision letters, draft evidence, Wagtail
# documents): only their permission-checked views serve them, in every mode. The demo serves
# from media only Wagtail's image renditions, which are public like the pages showing them.
urlpatterns += static(
    f"{settings.MEDIA_URL}images/", document_root=os.path.join(settings.MEDIA_ROOT, "images")
)

handler400 = "governance.views.errors.bad_request"
handler403 = "governance.views.errors.forbidden"
handler404 = "governance.views.errors.not_found"
handler500 = "governance.views.errors.server_error"

# Wagtail serves every other path from the page tree: keep it last. French pages unprefixed,
# their translations under their language's prefix (/en/...). Pages are found by cms.routing
# before Wagtail's own walk of the tree.
urlpatterns += language_prefixed_patterns(
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, cms_views.serve, name="wagtail_serve"),
)
