"""One settings module, switched by environment variables."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "governance" / "settings.py"


def load_settings(monkeypatch, **environ):
    for name in ["DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "EMAIL_URL"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_sqlite_file_in_the_project_folder_by_default(monkeypatch):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="1")
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]).parent == SETTINGS_FILE.parents[1]
    assert "django.contrib.postgres" not in settings["INSTALLED_APPS"]


def test_database_url_switches_to_postgresql(monkeypatch):
    settings = load_settings(
        monkeypatch, DJANGO_DEBUG="1", DATABASE_URL="postgres://app:secret@db.example:5433/sante"
    )
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 5433, "sante")
    assert "django.contrib.postgres" in settings["INSTALLED_APPS"]
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["SEARCH_CONFIG"] == "french"


def test_redis_url_moves_cache_and_rate_limits_to_redis(monkeypatch):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/2")
    assert settings["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert not any("ratelimit" in check for check in settings["SILENCED_SYSTEM_CHECKS"])


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured):
        load_settings(monkeypatch, DJANGO_DEBUG="0")


def test_production_is_strict(monkeypatch):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000


def test_email_url_configures_the_default_mailer(monkeypatch):
    settings = load_settings(
        monkeypatch,
        DJANGO_DEBUG="1",
        EMAIL_URL="smtp+tls://robot:pw@smtp.example.gouv.fr:587",
    )
    mailer = settings["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "smtp.example.gouv.fr"
    assert mailer["OPTIONS"]["use_tls"] is True


def test_french_first_english_available(settings):
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en"]
    assert settings.USE_I18N and settings.USE_TZ


def test_the_redis_cache_builds_one_client_for_every_call():
    """Building a Redis client fills a table of reply handlers: once, not on every call."""
    from governance.cache import SharedClientRedisCache
    from tests.security.test_two_servers import _redis_or_skip

    _redis_or_skip()
    shared = SharedClientRedisCache("redis://127.0.0.1:6379/9", {})
    client = shared._cache.get_client(write=True)
    assert shared._cache.get_client() is client
    shared.set("shared-client-check", {"a": 1}, 5)
    assert shared.get("shared-client-check") == {"a": 1}
    shared.delete("shared-client-check")
