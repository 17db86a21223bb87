"""API tokens keep the pages' rules: staff give a TOTP code, tokens expire, new staff lose them."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.models import ApiToken
from governance.roles import Role
from tests.factories import UserFactory, enrol_totp, hub_staff, totp_code, user_with_role

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PRIVATE_URL = "/api/v1/dossiers/"
PASSWORD = "s3cret-pass"


@pytest.fixture
def production(settings):
    """What production runs: staff MFA enforced."""
    settings.REQUIRE_STAFF_MFA = True
    return settings


def ask_token(api_client, username, **extra):
    return api_client.post(
        TOKEN_URL, {"username": username, "password": PASSWORD, **extra}, format="json"
    )


def mentions_second_factor(text):
    # English until the pending French catalogue is merged, French after.
    return "two-factor" in text or "deux facteurs" in text


def call_with(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get(PRIVATE_URL)
    api_client.credentials()
    return response


def test_staff_without_totp_get_no_token_in_production(production, api_client):
    hub_staff("occitanie", username="agent", password=PASSWORD)
    response = ask_token(api_client, "agent")
    assert response.status_code == 403
    assert mentions_second_factor(response.json()["detail"])
    assert not ApiToken.objects.exists()


def test_staff_token_issued_before_enrolment_is_refused_once_mfa_is_required(settings, api_client):
    settings.REQUIRE_STAFF_MFA = False  # the demo, or before the rule was deployed
    staff = hub_staff("occitanie", username="agent", password=PASSWORD)
    old_key = ask_token(api_client, "agent").json()["token"]
    assert call_with(api_client, old_key).status_code == 200

    settings.REQUIRE_STAFF_MFA = True
    enrol_totp(staff)
    response = call_with(api_client, old_key)
    assert response.status_code == 401
    assert mentions_second_factor(response.json()["detail"])


def test_staff_with_totp_need_the_code_for_a_token(production, api_client):
    staff = hub_staff("occitanie", username="agent", password=PASSWORD)
    secret = enrol_totp(staff)

    missing = ask_token(api_client, "agent")
    assert missing.status_code == 400
    assert "otp" in missing.json()
    assert "token" not in missing.json()

    wrong = ask_token(api_client, "agent", otp="000000" if totp_code(secret) != "000000" else "1")
    assert wrong.status_code == 400
    assert "otp" in wrong.json()

    granted = ask_token(api_client, "agent", otp=totp_code(secret))
    assert granted.status_code == 200
    assert granted.json()["expires_at"]
    assert call_with(api_client, granted.json()["token"]).status_code == 200
    assert ApiToken.objects.get().created_with_mfa


def test_a_code_opens_one_token_only(production, api_client):
    staff = user_with_role(Role.MINISTRY, username="agent", password=PASSWORD)
    code = totp_code(enrol_totp(staff))
    assert ask_token(api_client, "agent", otp=code).status_code == 200
    assert ask_token(api_client, "agent", otp=code).status_code == 400


def test_an_unused_recovery_code_opens_one_token_and_is_spent(production, api_client):
    staff = hub_staff("occitanie", username="agent", password=PASSWORD)
    enrol_totp(staff)
    first, second = RecoveryCodes.activate(staff).get_unused_codes()[:2]

    granted = ask_token(api_client, "agent", otp=first)
    assert granted.status_code == 200
    assert call_with(api_client, granted.json()["token"]).status_code == 200
    assert ApiToken.objects.get().created_with_mfa
    recovery = RecoveryCodes(Authenticator.objects.get(user=staff, type="recovery_codes"))
    assert first not in recovery.get_unused_codes()
    assert second in recovery.get_unused_codes()

    spent = ask_token(api_client, "agent", otp=first)
    assert spent.status_code == 400
    assert "otp" in spent.json()
    assert ask_token(api_client, "agent", otp=second).status_code == 200


def test_any_name_sent_is_counted_against_its_account_without_a_server_error(api_client):
    # The name goes into the throttle's cache key: spaces and control characters must not break it.
    response = ask_token(api_client, "camille des\x17vosges")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_anyone_with_totp_enrolled_gives_the_code(api_client):
    citizen = UserFactory(username="camille", password=PASSWORD)
    secret = enrol_totp(citizen)
    assert ask_token(api_client, "camille").status_code == 400
    assert ask_token(api_client, "camille", otp=totp_code(secret)).status_code == 200


def test_wrong_password_says_nothing_about_the_second_factor(production, api_client):
    staff = hub_staff("occitanie", username="agent", password=PASSWORD)
    enrol_totp(staff)
    response = api_client.post(TOKEN_URL, {"username": "agent", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "otp" not in response.json()


def test_staff_token_stops_working_when_totp_is_removed(production, api_client, client):
    staff = hub_staff("occitanie", username="agent", password=PASSWORD)
    secret = enrol_totp(staff)
    client.post("/accounts/login/", {"login": "agent", "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    client.post("/compte/jetons/", {"name": "Script"})
    key = client.get("/compte/jetons/").context["new_key"]
    assert call_with(api_client, key).status_code == 200
    # allauth asks for the password again before removing a factor.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=staff, type="totp").exists()
    assert call_with(api_client, key).status_code == 401


def test_tokens_expire_after_the_configured_lifetime(settings, api_client):
    settings.API_TOKEN_LIFETIME_DAYS = 7
    UserFactory(username="camille", password=PASSWORD)
    key = ask_token(api_client, "camille").json()["token"]
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(days=7)
    assert call_with(api_client, key).status_code == 200

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = call_with(api_client, key)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"] or "expiré" in response.json()["detail"]


def test_keys_are_not_kept_in_clear_and_use_is_recorded(api_client):
    UserFactory(username="camille", password=PASSWORD)
    key = ask_token(api_client, "camille").json()["token"]
    token = ApiToken.objects.get()
    assert key not in {token.key_hash, token.prefix, token.name}
    assert token.last_used_at is None
    call_with(api_client, key)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_unknown_token_is_refused(api_client):
    assert call_with(api_client, "0" * 40).status_code == 401


@pytest.mark.parametrize(
    "promote",
    [
        lambda user: user.groups.add(Group.objects.get(name=Role.MODERATOR)),
        lambda user: Group.objects.get(name="hub:occitanie").user_set.add(user),
        lambda user: (setattr(user, "is_superuser", True), user.save()),
    ],
    ids=["added-to-a-role-group", "added-from-the-group-side", "made-superuser"],
)
def test_a_citizen_who_becomes_staff_loses_their_tokens(api_client, promote):
    citizen = UserFactory(username="camille", password=PASSWORD)
    key = ask_token(api_client, "camille").json()["token"]
    promote(citizen)
    assert not ApiToken.objects.filter(user=citizen).exists()
    assert call_with(api_client, key).status_code == 401


def test_becoming_an_entrepreneur_keeps_the_tokens(api_client):
    citizen = UserFactory(username="camille", password=PASSWORD)
    ask_token(api_client, "camille")
    citizen.groups.add(Group.objects.get(name=Role.ENTREPRENEUR))
    assert ApiToken.objects.filter(user=citizen).count() == 1


def test_staff_in_the_demo_get_a_token_with_the_password_alone(settings, api_client):
    settings.REQUIRE_STAFF_MFA = False
    hub_staff("occitanie", username="agent", password=PASSWORD)
    response = ask_token(api_client, "agent")
    assert response.status_code == 200
    assert call_with(api_client, response.json()["token"]).status_code == 200
