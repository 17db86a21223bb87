"""Migrate a fresh database, register the clients and users given in the environment, serve.

Environment: OIDC_PROVIDER_DB, OIDC_PROVIDER_PORT, OIDC_PROVIDER_USERS (see settings),
OIDC_PROVIDER_CLIENTS: [{"client_id", "client_secret", "redirect_uris",
"post_logout_redirect_uris"}].
"""

import json
import os

import django
from django.core.management import call_command


def main():
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for username, entry in settings.TEST_USERS.items():
        User.objects.create_user(username=username, password=entry["password"])
    for client in json.loads(os.environ["OIDC_PROVIDER_CLIENTS"]):
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    call_command("runserver", f"127.0.0.1:{os.environ['OIDC_PROVIDER_PORT']}", use_reloader=False)


if __name__ == "__main__":
    main()
