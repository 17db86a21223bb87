"""Security defaults that hold for the whole site."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_forms_refuse_posts_without_a_csrf_token():
    UserFactory(username="camille", password="s3cret-pass")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "camille", "password": "s3cret-pass"})
    assert response.status_code == 403


def test_every_response_carries_the_protective_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_citizens_cannot_enter_the_administration(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")


def test_unknown_paths_are_404_not_errors(client):
    assert client.get("/nexiste-pas/").status_code == 404
    assert client.get("/api/v1/nexiste-pas/").status_code == 404


def deploy_check(**environ):
    """``manage.py check --deploy`` with production settings, plus ``environ``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "sante.example.gouv.fr",
    }
    env.pop("REDIS_URL", None)
    # The browser suite sets it in this process for its live server; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(environ)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = deploy_check(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr
