"""From "Mon compte", a person lists their API tokens, creates one (shown once) and revokes them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import ApiToken
from tests.factories import UserFactory, enrol_totp, hub_staff, totp_code

pytestmark = pytest.mark.django_db

PAGE = "/compte/jetons/"
PASSWORD = "s3cret-pass"


def create(client, **data):
    return client.post(PAGE, {"name": "Script de suivi", **data})


def api_status(key):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/dossiers/").status_code


def test_the_page_lists_my_tokens_with_their_dates_and_not_others(as_user):
    me, someone = UserFactory(), UserFactory()
    mine, _key = ApiToken.create_for(me, with_mfa=False, name="Mon script")
    ApiToken.create_for(someone, with_mfa=False, name="Pas le mien")
    response = as_user(me).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mon script" in page
    assert "Pas le mien" not in page
    assert f"{mine.prefix}…" in page
    assert reverse("account-api-token-revoke", args=[mine.pk]) in page
    assert str(mine.expires_at.year) in page


def test_the_list_costs_the_same_queries_whatever_the_number_of_tokens(
    as_user, django_assert_max_num_queries
):
    me = UserFactory()
    client = as_user(me)
    for size in (1, 8):
        ApiToken.objects.filter(user=me).delete()
        for n in range(size):
            ApiToken.create_for(me, with_mfa=False, name=f"Script {n}")
        with django_assert_max_num_queries(12):
            assert client.get(PAGE).status_code == 200


def test_a_citizen_creates_a_token_shown_once_that_opens_the_api(as_user):
    me = UserFactory()
    client = as_user(me)
    response = create(client)
    assert response.status_code == 302
    shown = client.get(PAGE).context["new_key"]
    assert shown and api_status(shown) == 200
    assert client.get(PAGE).context["new_key"] is None
    token = ApiToken.objects.get(user=me)
    assert (token.name, token.created_with_mfa) == ("Script de suivi", False)


def test_staff_signed_in_with_their_code_create_a_token_without_retyping_it(settings, client):
    settings.REQUIRE_STAFF_MFA = True
    staff = hub_staff("occitanie", username="agent", password=PASSWORD)
    secret = enrol_totp(staff)
    signed_in = client.post("/accounts/login/", {"login": "agent", "password": PASSWORD})
    assert signed_in["Location"].startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    form = client.get(PAGE).context["form"]
    assert "otp" not in form.fields
    assert create(client).status_code == 302
    key = client.get(PAGE).context["new_key"]
    assert ApiToken.objects.get(user=staff).created_with_mfa
    assert api_status(key) == 200


def test_staff_whose_session_did_not_pass_mfa_give_their_code(settings, as_user):
    settings.REQUIRE_STAFF_MFA = True
    staff = hub_staff("occitanie")
    secret = enrol_totp(staff)
    client = as_user(staff)  # signed in before enrolling, for instance
    assert "otp" in client.get(PAGE).context["form"].fields
    refused = create(client, otp="12")
    assert refused.status_code == 400
    assert refused.context["form"].errors["otp"]
    assert not ApiToken.objects.exists()
    assert create(client, otp=totp_code(secret)).status_code == 302
    assert ApiToken.objects.get(user=staff).created_with_mfa


def test_revoking_a_token_closes_the_api_to_it(as_user):
    me = UserFactory()
    token, key = ApiToken.create_for(me, with_mfa=False)
    client = as_user(me)
    response = client.post(reverse("account-api-token-revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "révoqué" in response.content.decode() or "revoked" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert api_status(key) == 401


def test_another_persons_token_cannot_be_revoked(as_user):
    token, _key = ApiToken.create_for(UserFactory(), with_mfa=False)
    client = as_user(UserFactory())
    assert client.post(reverse("account-api-token-revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post_with_the_csrf_token():
    me = UserFactory()
    token, _key = ApiToken.create_for(me, with_mfa=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(me)
    url = reverse("account-api-token-revoke", args=[token.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_expired_tokens_are_marked_and_cleared_at_the_next_creation(as_user):
    me = UserFactory()
    old, _key = ApiToken.create_for(me, with_mfa=False, name="Ancien")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client = as_user(me)
    assert "fr-badge--error" in client.get(PAGE).content.decode()
    create(client)
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Script de suivi"]


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_guessing_codes_on_the_page_meets_429(settings, as_user):
    settings.REQUIRE_STAFF_MFA = True
    staff = hub_staff("occitanie")
    enrol_totp(staff)
    client = as_user(staff)
    statuses = [create(client, otp="12").status_code for _attempt in range(11)]
    assert statuses == [400] * 10 + [429]


def test_staff_signed_in_through_proconnect_with_mfa_create_a_token(settings, as_user):
    from governance.staff_mfa import PROVIDER_MFA_SESSION_KEY

    settings.REQUIRE_STAFF_MFA = True
    staff = hub_staff("occitanie")  # no local TOTP: ProConnect's acr stood for the second factor
    client = as_user(staff)
    session = client.session
    session[PROVIDER_MFA_SESSION_KEY] = "proconnect"
    session.save()
    assert create(client).status_code == 302
    key = client.get(PAGE).context["new_key"]
    assert ApiToken.objects.get(user=staff).created_with_mfa
    assert api_status(key) == 200
