"""Rate limits count the client address the trusted proxies saw, never one the client wrote."""

import pytest
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

from governance.client_address import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "", "10.0.0.1"),  # reached the app directly
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the client wrote the first one
        (2, "198.51.100.7, 203.0.113.9, 192.0.2.4", "203.0.113.9"),
        (3, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the leftmost
        (1, "198.51.100.7, not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_read_from_the_trusted_proxies_only(
    settings, trusted, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def guess_token(api_client, username, forwarded, remote="10.0.0.1"):
    return api_client.post(
        TOKEN_URL,
        {"username": username, "password": "guess"},
        format="json",
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    ).status_code


def test_forty_token_guesses_with_rotating_forwarded_for_meet_429(settings, api_client):
    settings.REQUIRE_STAFF_MFA = True
    statuses = [
        guess_token(api_client, f"user{attempt}", f"198.51.100.{attempt}") for attempt in range(40)
    ]
    assert statuses[:10] == [400] * 10
    assert set(statuses[10:]) == {429}


def test_guesses_at_one_account_from_many_addresses_meet_429(settings, api_client):
    settings.TRUSTED_PROXIES = 1  # each guess genuinely comes from another address
    statuses = [guess_token(api_client, "Camille", f"198.51.100.{n}") for n in range(12)]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    # The account is named in another case: still the same account.
    assert guess_token(api_client, "camille", "198.51.100.200") == 429


def test_clients_behind_a_trusted_proxy_each_have_their_own_budget(settings, api_client):
    settings.TRUSTED_PROXIES = 1
    for attempt in range(10):
        guess_token(api_client, f"user{attempt}", "spoofed, 203.0.113.9")
    assert guess_token(api_client, "another", "spoofed-again, 203.0.113.9") == 429
    assert guess_token(api_client, "another", "203.0.113.10") == 400


def login(client, username, forwarded, remote="10.0.0.1"):
    return client.post(
        "/accounts/login/",
        {"login": username, "password": "guess"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    ).status_code


def test_forty_login_posts_with_rotating_forwarded_for_are_limited(client):
    statuses = [login(client, f"user{n}", f"198.51.100.{n}") for n in range(40)]
    assert 429 in statuses
    assert statuses[-1] == 429


def test_login_limits_count_each_client_behind_a_trusted_proxy(settings, client):
    settings.TRUSTED_PROXIES = 1
    statuses = [login(client, f"user{n}", "spoofed, 203.0.113.9") for n in range(31)]
    assert statuses[-1] == 429
    assert login(client, "someone", "203.0.113.10") == 200


def test_login_failures_on_one_account_from_many_addresses_are_refused(settings, client):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="camille", password="the-right-one")
    for n in range(5):
        login(client, "camille", f"198.51.100.{n}")
    response = client.post(
        "/accounts/login/",
        {"login": "camille", "password": "the-right-one"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 200  # the form again, with allauth's "too many attempts"
    assert "_auth_user_id" not in client.session


def test_page_rate_limits_count_each_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = 1

    def limited(forwarded):
        request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        return is_ratelimited(request, group="probe", key="ip", rate="3/m", increment=True)

    assert [limited(f"spoofed-{n}, 203.0.113.9") for n in range(4)] == [False] * 3 + [True]
    assert limited("203.0.113.10") is False
