"""In production, staff must enrol a second factor before reaching non-public data."""

import pytest

from governance.roles import Role
from tests.factories import UserFactory, enrol_totp, hub_staff, totp_code, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.REQUIRE_STAFF_MFA = True


@pytest.mark.parametrize(
    "make_staff",
    [
        lambda: hub_staff("occitanie"),
        lambda: user_with_role(Role.HAS_ADVISER),
        lambda: user_with_role(Role.MINISTRY),
        lambda: UserFactory(is_superuser=True, is_staff=True),
    ],
)
def test_staff_without_totp_are_sent_to_set_it_up(client, make_staff):
    client.force_login(make_staff())
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # The set-up page itself is reachable (allauth may first ask for the password again).
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200 or setup["Location"].startswith("/accounts/reauthenticate/")


def test_staff_with_totp_go_through(client):
    staff = hub_staff("occitanie")
    enrol_totp(staff)
    client.force_login(staff)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("roles", [[], [Role.ENTREPRENEUR]])
def test_citizens_and_entrepreneurs_are_not_asked(client, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get("/").status_code == 200


def test_staff_get_no_api_token_without_totp(api_client):
    staff = hub_staff("occitanie", username="agent", password="s3cret-pass")
    payload = {"username": "agent", "password": "s3cret-pass"}
    assert api_client.post("/api/v1/auth/token/", payload, format="json").status_code == 403
    secret = enrol_totp(staff)
    with_code = {**payload, "otp": totp_code(secret)}
    assert api_client.post("/api/v1/auth/token/", with_code, format="json").status_code == 200
