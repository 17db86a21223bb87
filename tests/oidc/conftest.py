"""A real OpenID provider (tests/oidc_provider) on loopback, and a client that walks the redirects.

The platform runs in pytest-django's live server; every redirect goes over HTTP to the provider
process and back, and the platform exchanges the code with the provider itself.
"""

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.e2e.conftest import _free_port

PROJECT_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "provider-password"


def _identity(email, *, verified=True, acr="eidas1", amr=("pwd",), **claims):
    return {
        "password": PASSWORD,
        "claims": {"email": email, "email_verified": verified, "acr": acr, "amr": list(amr)}
        | claims,
    }


# Who the provider knows, and what it asserts about them.
IDENTITIES = {
    "agent-mfa": _identity(
        "agent.hub@sante.gouv.fr",
        acr="eidas2",
        amr=("pwd", "mfa"),
        given_name="Agnès",
        usual_name="Hubert",
    ),
    "agent-password-only": _identity("agent.simple@sante.gouv.fr"),
    "agent-new": _identity("agent.nouveau@sante.gouv.fr", acr="eidas2", amr=("mfa",)),
    "citizen-new": _identity("camille@example.org", given_name="Camille", family_name="Martin"),
    "citizen-known": _identity("dominique@example.org"),
    "citizen-unconfirmed-here": _identity("alex@example.org"),
    "citizen-unverified-there": _identity("sacha@example.org", verified=False),
    "staff-via-franceconnect": _identity("moderation@sante.gouv.fr"),
}
CLIENTS = {"proconnect": "proconnect-client", "franceconnect": "franceconnect-client"}


def _wait_for(url, process, seconds=60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the OpenID provider exited early")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"the OpenID provider did not answer within {seconds} s")


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The provider's issuer URL, with both clients registered for the live server."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    port = _free_port()
    clients = [
        {
            "client_id": client_id,
            "client_secret": f"{client_id}-secret",
            "redirect_uris": [f"{live_server.url}/accounts/oidc/{provider_id}/login/callback/"],
            "post_logout_redirect_uris": [f"{live_server.url}/"],
        }
        for provider_id, client_id in CLIENTS.items()
    ]
    env = {
        "PATH": "/usr/bin:/bin",
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_PORT": str(port),
        "OIDC_PROVIDER_USERS": json.dumps(IDENTITIES),
        "OIDC_PROVIDER_CLIENTS": json.dumps(clients),
        "OIDC_PROVIDER_JWT_USERINFO_CLIENTS": json.dumps([CLIENTS["franceconnect"]]),
    }
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    try:
        _wait_for(f"{issuer}/.well-known/openid-configuration", process)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def federation(settings, oidc_provider):
    """ProConnect and FranceConnect both pointed at the loopback provider."""
    from governance.settings import OIDC_SERVICES, oidc_apps

    class Environ:
        def str(self, name, default=""):
            service, _, field = name.partition("_")
            client_id = CLIENTS[service.lower()]
            return {"ISSUER": oidc_provider, "CLIENT_ID": client_id}.get(
                field, f"{client_id}-secret"
            )

    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": oidc_apps(OIDC_SERVICES, Environ()),
        },
    }
    return oidc_provider


class Visitor:
    """A person with a browser's cookie jar, following every redirect over HTTP."""

    def __init__(self, site, issuer):
        self.site = site
        self.issuer = issuer
        self.http = requests.Session()

    def get(self, path, **kwargs):
        return self.http.get(urljoin(self.site, path), timeout=10, **kwargs)

    def post_form(self, page, action_pattern, data=None):
        """Submit the form of ``page`` whose action matches, with its CSRF token."""
        match = re.search(
            rf'<form method="post" action="({action_pattern}[^"]*)"[^>]*>\s*'
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
            page.text,
        )
        assert match, f"no form to {action_pattern} on {page.url}"
        action, token = html.unescape(match.group(1)), match.group(2)
        return self.http.post(
            urljoin(page.url, action),
            data={"csrfmiddlewaretoken": token, **(data or {})},
            timeout=10,
        )

    def sign_in_with(self, provider_id, username, next_path="/"):
        login_page = self.get(f"/accounts/login/?next={next_path}")
        at_provider = self.post_form(login_page, f"/accounts/oidc/{provider_id}/login/")
        return self.sign_in_at_provider(at_provider, username)

    def sign_in_at_provider(self, page, username):
        assert page.url.startswith(f"{self.issuer.removesuffix('/o')}/login/"), page.url
        return self.post_form(page, "/login/", {"username": username, "password": PASSWORD})

    def sign_out(self):
        return self.post_form(self.get("/"), "/accounts/logout/")

    def signed_in_user(self):
        from django.contrib.auth import SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from governance.models import User

        user_id = SessionStore(self.http.cookies.get("sessionid")).get(SESSION_KEY)
        return User.objects.filter(pk=user_id).first()


@pytest.fixture
def visitor(live_server, federation):
    return Visitor(live_server.url, federation)
