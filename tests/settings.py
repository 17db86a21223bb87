"""Test settings: the project's settings with fast, isolated services (see STYLE.md)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "0")

from governance.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Rate limits stay on in tests, in a cache of their own that each test clears.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
SILENCED_SYSTEM_CHECKS = ["security.W019", "django_ratelimit.E003", "django_ratelimit.W001"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Whole-page caching is tested on its own (tests/security/test_public_cache.py).
PUBLIC_PAGE_CACHE_SECONDS = 0
# Staff MFA is tested on its own (tests/security/test_staff_mfa.py).
REQUIRE_STAFF_MFA = False
# Tests never reach the network: the directory is a local stand-in started by the test, if any.
COMPANY_DIRECTORY_URL = "http://127.0.0.1:9"
