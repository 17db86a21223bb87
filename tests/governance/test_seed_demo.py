import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.management import CommandError, call_command

from governance.models import User
from governance.roles import Role, has_role

pytestmark = pytest.mark.django_db


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.filter(username="entrepreneur").exists()


def test_creates_every_demo_user_ready_to_sign_in_and_is_idempotent(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    usernames = set(User.objects.values_list("username", flat=True))
    expected = {
        "entrepreneur", "entrepreneur2", "hub-idf", "hub-occ", "has-adviser", "decideur",
        "ministere", "ministere2", "moderateur", "editeur", "citoyen", "citoyen2", "citoyen3",
        "citoyen4", "admin",
    }  # fmt: skip
    assert expected <= usernames
    assert User.objects.filter(username="entrepreneur").count() == 1
    assert not EmailAddress.objects.filter(user__username__in=expected, verified=False).exists()
    assert has_role(User.objects.get(username="ministere2"), Role.MINISTRY)
    assert User.objects.get(username="admin").is_superuser
    response = client.post(
        "/accounts/login/", {"login": "citoyen", "password": "demo"}, follow=False
    )
    assert response.status_code == 302


def test_every_demo_user_gets_an_api_token(settings, api_client):
    from governance.demo import DEMO_USERS

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username in [*DEMO_USERS, "admin"]:
        cache.clear()  # one client address, more users than the throttle allows a minute
        response = api_client.post(
            "/api/v1/auth/token/", {"username": username, "password": "demo"}, format="json"
        )
        assert response.status_code == 200, username
        assert response.json()["token"]
        api_client.credentials()
    wrong = {"username": "citoyen", "password": "not-demo"}
    assert api_client.post("/api/v1/auth/token/", wrong, format="json").status_code == 400
