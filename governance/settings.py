"""Settings of the platform: one module, driven by environment variables (see README).

Production is this same file with DJANGO_DEBUG off; there is no separate code path.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-demo-key-never-used-in-production"  # noqa: S105

# Keys of the history chains (governance/history.py), "key-id:secret" entries: the first signs,
# all verify. Unset: derived from SECRET_KEY (and SECRET_KEY_FALLBACKS). See README, Settings.
HISTORY_HMAC_KEYS = env.list("DJANGO_HISTORY_KEYS", default=[])

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASE_IS_POSTGRES:
    # Production's gunicorn sync workers keep one connection each between requests. The demo's
    # runserver serves each client from a thread of its own: a kept connection per thread
    # would stay idle for as long as the client keeps its socket, so none is kept there.
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # Writers queue instead of failing with "database is locked" when two requests write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # Project apps first, so their templates override the libraries'.
    "governance",
    "cms",
    "workflows",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "dsfr",
    "widget_tweaks",
    "django_tasks_db",
    "django_fsm",
]
if DATABASE_IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "governance.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "governance.input_guard.RejectForbiddenCharactersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "governance.staff_mfa.StaffMFAMiddleware",
    "governance.public_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "governance.urls"
WSGI_APPLICATION = "governance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "governance.context_processors.site_navigation",
            ],
        },
    },
]

# Accounts: allauth for sign-up, email confirmation, password reset and TOTP;
# guardian for object permissions.
AUTH_USER_MODEL = "governance.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
# Sign-up also asks for the public name shown on comments (the login stays private).
ACCOUNT_SIGNUP_FORM_CLASS = "governance.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Numérique en santé] "
# Login attempts: 30 a minute per client address; failures: 10 a minute per address and 5 per
# 5 minutes per account (allauth answers these with a form error, the former with 429).
ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Numérique en santé"
# Staff (every role but entrepreneurs) must enrol TOTP before reaching non-public data.
REQUIRE_STAFF_MFA = env.bool("DJANGO_REQUIRE_STAFF_MFA", default=not DEBUG)
ACCOUNT_ADAPTER = "governance.oidc.adapters.AccountAdapter"

# Sign-in with the State's federations through allauth's OpenID Connect provider: ProConnect for
# agents, FranceConnect for citizens. A service is offered only when its issuer is set; the
# account-linking rules are in governance/oidc/adapters.py and the README.
SOCIALACCOUNT_ADAPTER = "governance.oidc.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
# ID-token "acr" values that state multi-factor authentication (ProConnect's eIDAS levels and
# its own 2FA assurance URIs); an "amr" containing "mfa" counts too.
OIDC_MFA_ACR_VALUES = [
    "eidas2",
    "eidas3",
    "https://proconnect.gouv.fr/assurance/self-asserted-2fa",
    "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
]
OIDC_SERVICES = {
    "proconnect": {
        "name": "ProConnect",
        "audience": "agents",
        "scope": ["openid", "email", "given_name", "usual_name", "uid", "siret"],
        # Asks for the assurance claims, so an MFA sign-in can stand for the second factor.
        "auth_params": {
            "claims": '{"id_token": {"acr": {"essential": true}, "amr": {"essential": true}}}'
        },
    },
    "franceconnect": {
        "name": "FranceConnect",
        "audience": "citizens",
        "scope": ["openid", "email", "given_name", "family_name"],
        "auth_params": {"acr_values": "eidas1"},
    },
}


def oidc_apps(services, environ):
    """allauth APPS entries for the services whose ``<NAME>_ISSUER`` is set in ``environ``."""
    apps = []
    for provider_id, service in services.items():
        prefix = provider_id.upper()
        issuer = environ.str(f"{prefix}_ISSUER", default="")
        if not issuer:
            continue
        apps.append(
            {
                "provider_id": provider_id,
                "name": service["name"],
                "client_id": environ.str(f"{prefix}_CLIENT_ID", default=""),
                "secret": environ.str(f"{prefix}_CLIENT_SECRET", default=""),
                "settings": {
                    "server_url": issuer,
                    "oauth_pkce_enabled": True,
                    "email_authentication": True,
                    **{key: value for key, value in service.items() if key != "name"},
                },
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "governance.oidc.provider.StateOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_apps(OIDC_SERVICES, env),
    }
}
GUARDIAN_ANONYMOUS_USER_NAME = None
ANONYMOUS_USER_NAME = None

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Pages are translated with wagtail-localize: French pages at /..., their English translations
# at /en/... (governance.language explains which language a request gets).
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static and media files, served by WhiteNoise (DSFR assets ship inside django-dsfr: no CDN).
# django-dsfr stamps its CSS and JS links with the hashes of the files as shipped, but the
# production storage rewrites the addresses inside them (hashed names), so browsers refused the
# DSFR's styles and scripts: the files come from this server, where subresource integrity
# guards nothing a CDN could change.
DSFR_USE_INTEGRITY_CHECKSUMS = False
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Several application servers share their uploads through S3-compatible object storage
# (django-storages) when a bucket is named; credentials come from boto3's usual variables
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Objects stay private and unsigned: every upload
# reaches people through a permission-checked view, never by a link to the bucket.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache and rate limits: Redis when REDIS_URL is set (shared across processes), memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "governance.cache.SharedClientRedisCache", "LOCATION": REDIS_URL}
    }
    SILENCED_SYSTEM_CHECKS = ["security.W019"]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A single-process demo: limits held in local memory are deliberate there.
    SILENCED_SYSTEM_CHECKS = ["security.W019", "django_ratelimit.E003", "django_ratelimit.W001"]
# A deployment of one process only (no gunicorn workers) may keep the cache in local memory;
# otherwise `check --deploy` requires REDIS_URL in production (governance/checks.py).
SINGLE_PROCESS = env.bool("DJANGO_SINGLE_PROCESS", default=False)
# Anonymous pages are served whole from the cache for this long at most (0 turns it off); it
# is dropped on every public change. Browsers and proxies, which cannot be told of a change, may
# keep an anonymous page this long (signed-in answers: never).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# The release the public cache keeps pages under (governance/release.py); empty: a digest of
# the code, templates, translations and static files.
RELEASE = env.str("DJANGO_RELEASE", default="")
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
RATELIMIT_VIEW = "governance.views.system.rate_limited"
# How many reverse proxies in front of the app append to X-Forwarded-For; 0: the header is
# ignored. Every rate limit counts the address governance.client_address derives from it.
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=0)
RATELIMIT_IP_META_KEY = "governance.client_address.client_ip"

# Progress tracking: no published update for this many days makes a recommendation "stale";
# its leads are reminded at most once per interval (send_progress_reminders, daily by cron).
PROGRESS_STALE_AFTER_DAYS = env.int("PROGRESS_STALE_AFTER_DAYS", default=90)
PROGRESS_REMINDER_INTERVAL_DAYS = env.int("PROGRESS_REMINDER_INTERVAL_DAYS", default=7)

# The public company directory (the State's "Recherche d'entreprises" API), asked for the
# company behind a SIRET when an entrepreneur signs up; answers are cached for a day.
COMPANY_DIRECTORY_URL = env.str(
    "COMPANY_DIRECTORY_URL", default="https://recherche-entreprises.api.gouv.fr"
)
COMPANY_DIRECTORY_TIMEOUT_SECONDS = env.float("COMPANY_DIRECTORY_TIMEOUT_SECONDS", default=3)
COMPANY_DIRECTORY_CACHE_SECONDS = env.int("COMPANY_DIRECTORY_CACHE_SECONDS", default=86400)
# An invitation to co-edit an organisation's dossiers lapses after this many days.
INVITATION_LIFETIME_DAYS = env.int("INVITATION_LIFETIME_DAYS", default=14)

# Retention schedule (manage.py apply_retention, daily): see README, "Personal data".
RETENTION_DRAFT_DAYS = env.int("RETENTION_DRAFT_DAYS", default=365)
RETENTION_DRAFT_WARNING_DAYS = env.int("RETENTION_DRAFT_WARNING_DAYS", default=30)
RETENTION_CLOSED_DOSSIER_DAYS = env.int("RETENTION_CLOSED_DOSSIER_DAYS", default=5 * 365)
RETENTION_SECURITY_METADATA_DAYS = env.int("RETENTION_SECURITY_METADATA_DAYS", default=365)

# Reviewers' workbench: deadline alerts this many days before a stage deadline (and on the day
# it passes); queue exports above this many rows are built in the background.
DEADLINE_ALERT_DAYS = env.list("DEADLINE_ALERT_DAYS", cast=int, default=[7, 2])
QUEUE_EXPORT_BACKGROUND_ROWS = env.int("QUEUE_EXPORT_BACKGROUND_ROWS", default=2000)

# Background work: django.tasks with the database backend (worker: manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email: EMAIL_URL (smtp://user:pass@host:587?tls=True), console output in debug otherwise.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key: _email[setting]
            for key, setting in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
                ("file_path", "EMAIL_FILE_PATH"),
            ]
            if _email.get(setting) not in (None, "")
            and not _email["EMAIL_BACKEND"].endswith("console.EmailBackend")
        },
    }
}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="ne-pas-repondre@sante.numerique.gouv.fr"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default, relaxed only by DEBUG for local HTTP.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "governance.views.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview frames the site's own pages: same origin only (hence W019 silenced).
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # DSFR components and the Wagtail admin set inline style attributes.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Sign-in and sign-out forms redirect to the identity providers.
    "form-action": [
        CSP.SELF,
        *sorted(
            {
                "{0.scheme}://{0.netloc}".format(urlsplit(app["settings"]["server_url"]))
                for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
            }
        ),
    ],
    "frame-ancestors": [CSP.SELF],
}

# Wagtail.
WAGTAIL_SITE_NAME = "Numérique en santé"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french" if DATABASE_IS_POSTGRES else None,
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "csv", "txt"]
# Documents go through Wagtail's view, which applies collection privacy; media is not served.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# API. Tokens expire after this many days (governance.api_tokens).
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=30)
if API_TOKEN_LIFETIME_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_LIFETIME_DAYS must be at least 1.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "governance.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "governance.input_guard.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "governance.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "governance.api_schema.AutoSchema",
    # DRF's stock throttles would otherwise trust the whole X-Forwarded-For; ours use
    # governance.client_address, which reads the same setting.
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        # Per client address, and per account named whatever the address.
        "auth-token": env.str("THROTTLE_AUTH_TOKEN", default="10/minute"),
        "auth-token-account": env.str("THROTTLE_AUTH_TOKEN_ACCOUNT", default="10/hour"),
        # Shared by the pages and the API (governance.throttling.SharedRateThrottle).
        "comment-post": env.str("THROTTLE_COMMENT_POST", default="5/minute"),
        "comment-report": env.str("THROTTLE_COMMENT_REPORT", default="10/minute"),
        "comment-vote": env.str("THROTTLE_COMMENT_VOTE", default="30/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Numérique en santé",
    "DESCRIPTION": "Recommandations du CNNum, consultations, suivi de mise en œuvre et dossiers "
    "d'innovation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # Requests and responses get their own components, so read-only and write-only fields are
    # required only where they really appear.
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["governance.api.public_api_only"],
    # One schema name per choice set shared by several fields.
    "ENUM_NAME_OVERRIDES": {
        "RecommendationStatusEnum": "governance.models.report.RecommendationStatus",
        "ConsultationStatusEnum": "cms.models.consultations.ConsultationStatus",
        "DossierStateEnum": "workflows.models.dossier.DossierState",
        "RegulatoryStatusEnum": "workflows.models.dossier.RegulatoryStatus",
        "ReviewOpinionEnum": "workflows.models.review.ReviewOpinion",
        "ReviewBodyEnum": "workflows.models.review.ReviewBody",
        "ReviewStateEnum": "workflows.models.review.ReviewState",
        "PathwayEnum": "workflows.models.pathway.Pathway",
        "CorrectionReasonEnum": "workflows.models.correction.CorrectionReason",
        "ReportReasonEnum": "cms.models.comments.ReportReason",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
