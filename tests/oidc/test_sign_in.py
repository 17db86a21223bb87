"""Signing in with ProConnect and FranceConnect, end to end against a real OpenID provider."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from governance.roles import Role
from tests.factories import UserFactory, hub_staff, user_with_role

# The live server needs committed rows; serialized rollback restores the reference data after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_hub_agent_with_proconnect_mfa_reaches_the_queues_without_local_totp(visitor, settings):
    settings.REQUIRE_STAFF_MFA = True
    agent = hub_staff(email="agent.hub@sante.gouv.fr")
    landed = visitor.sign_in_with("proconnect", "agent-mfa", next_path="/instruction/")
    assert landed.status_code == 200
    assert landed.url == f"{visitor.site}/instruction/"
    assert visitor.signed_in_user() == agent
    assert SocialAccount.objects.get(user=agent).provider == "proconnect"


def test_proconnect_without_mfa_still_asks_staff_for_totp(visitor, settings):
    settings.REQUIRE_STAFF_MFA = True
    hub_staff(email="agent.simple@sante.gouv.fr")
    landed = visitor.sign_in_with("proconnect", "agent-password-only", next_path="/instruction/")
    # allauth's set-up page (it may first ask to confirm the identity again).
    assert landed.url.startswith(
        (f"{visitor.site}/accounts/2fa/totp/activate/", f"{visitor.site}/accounts/reauthenticate/")
    )


def test_new_proconnect_agent_gets_a_plain_account_without_role(visitor):
    visitor.sign_in_with("proconnect", "agent-new")
    agent = visitor.signed_in_user()
    assert agent.email == "agent.nouveau@sante.gouv.fr"
    assert not agent.groups.exists()
    assert agent.username.startswith("agent-")


def test_new_franceconnect_user_becomes_a_citizen_with_a_private_name(visitor):
    landed = visitor.sign_in_with("franceconnect", "citizen-new", next_path="/consultations/")
    assert landed.url == f"{visitor.site}/consultations/"
    citizen = visitor.signed_in_user()
    assert citizen.email == "camille@example.org"
    assert not citizen.groups.exists()
    # The legal name asserted by FranceConnect (signed userinfo) is not published on comments.
    assert citizen.username.startswith("citoyen-")
    assert (citizen.first_name, citizen.last_name) == ("", "")
    assert EmailAddress.objects.get(user=citizen).verified


def test_existing_account_with_verified_email_is_linked(visitor):
    known = UserFactory(email="dominique@example.org")
    visitor.sign_in_with("franceconnect", "citizen-known")
    assert visitor.signed_in_user() == known
    assert SocialAccount.objects.filter(user=known, provider="franceconnect").exists()


def test_account_whose_address_is_unconfirmed_here_is_not_linked(visitor):
    local = UserFactory(email="alex@example.org", verified_email=False)
    EmailAddress.objects.create(user=local, email=local.email, verified=False, primary=True)
    landed = visitor.sign_in_with("franceconnect", "citizen-unconfirmed-here")
    assert landed.url.startswith(f"{visitor.site}/accounts/login/")
    assert "fr-alert--error" in landed.text
    assert visitor.signed_in_user() is None
    assert not SocialAccount.objects.exists()


def test_address_the_provider_does_not_assert_as_verified_is_not_linked(visitor):
    UserFactory(email="sacha@example.org")
    visitor.sign_in_with("franceconnect", "citizen-unverified-there")
    assert visitor.signed_in_user() is None
    assert not SocialAccount.objects.exists()


def test_franceconnect_never_signs_in_a_staff_account(visitor):
    user_with_role(Role.MODERATOR, email="moderation@sante.gouv.fr")
    landed = visitor.sign_in_with("franceconnect", "staff-via-franceconnect")
    assert landed.url.startswith(f"{visitor.site}/accounts/login/")
    assert visitor.signed_in_user() is None
    assert not SocialAccount.objects.exists()


def test_signing_out_also_ends_the_session_at_the_provider(visitor):
    hub_staff(email="agent.hub@sante.gouv.fr")
    visitor.sign_in_with("proconnect", "agent-mfa")
    back = visitor.sign_out()
    # The logout went through the provider's end_session_endpoint and came back home.
    assert any(step.url.startswith(f"{visitor.issuer}/logout/") for step in back.history)
    assert back.url.partition("?")[0] == f"{visitor.site}/"
    assert visitor.signed_in_user() is None
    # Signing in again asks for the provider's password: its session ended too.
    login_page = visitor.get("/accounts/login/")
    again = visitor.post_form(login_page, "/accounts/oidc/proconnect/login/")
    assert again.url.startswith(f"{visitor.issuer.removesuffix('/o')}/login/")


def test_password_sign_out_stays_local(visitor):
    UserFactory(username="local", password="pw-local-123")
    page = visitor.get("/accounts/login/")
    assert 'class="fr-connect fr-connect--proconnect"' in page.text
    signed_in = visitor.post_form(
        page, "/accounts/login/", {"login": "local", "password": "pw-local-123"}
    )
    assert visitor.signed_in_user().username == "local", signed_in.url
    back = visitor.sign_out()
    assert not back.history or all(visitor.site in step.url for step in back.history)
