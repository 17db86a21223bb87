"""Who may come in through ProConnect or FranceConnect, and as which account (rules in README).

- An identity is linked to an existing account only when the provider asserts the address is
  verified (``email_verified``) and the account's own copy of that address is verified too.
- FranceConnect never opens a staff account, linked or not: agents use ProConnect or a password.
- Otherwise a new, plain account is created (no role): a citizen; staff roles come from an admin.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from governance.client_address import client_ip
from governance.oidc import session as oidc_session
from governance.roles import Role, has_role, is_reviewer
from governance.staff_mfa import is_staff_member

logger = logging.getLogger(__name__)

# App setting (SOCIALACCOUNT_PROVIDERS) that says whom a service signs in.
AGENTS = "agents"
CITIZENS = "citizens"


def audience(provider):
    return provider.app.settings.get("audience", CITIZENS)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def authenticate_by_email(self, sociallogin):
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            local = (
                EmailAddress.objects.filter(
                    email__iexact=address.email, verified=True, user__is_active=True
                )
                .select_related("user")
                .first()
            )
            if local and not self._refused_for(sociallogin, local.user):
                return local.user, address.email
        return None

    def pre_social_login(self, request, sociallogin):
        claims = sociallogin.account.extra_data.get("id_token", {})
        if not claims.get("nonce") or claims["nonce"] != sociallogin.state.get("nonce"):
            logger.warning("OIDC sign-in refused: nonce mismatch (%s)", sociallogin.provider.id)
            raise ImmediateHttpResponse(render_authentication_error(request, sociallogin.provider))
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            target = request.user
        else:
            target = sociallogin.user if sociallogin.is_existing else None
        if target is not None and self._refused_for(sociallogin, target):
            self._refuse(
                request,
                _(
                    "Agents' accounts do not sign in with %(provider)s: use ProConnect or "
                    "your password."
                )
                % {"provider": sociallogin.provider.name},
            )
        if target is None and self._address_taken(sociallogin):
            self._refuse(
                request,
                _(
                    "An account already uses this email address, and it cannot be linked "
                    "automatically. Sign in with your password, then connect %(provider)s "
                    "from your account."
                )
                % {"provider": sociallogin.provider.name},
            )

    def populate_user(self, request, sociallogin, data):
        """A neutral login name; agents' names come along, citizens' stay private."""
        user = super().populate_user(request, sociallogin, data)
        prefix = "agent" if audience(sociallogin.provider) == AGENTS else "citoyen"
        user.username = f"{prefix}-{get_random_string(10).lower()}"
        if audience(sociallogin.provider) == AGENTS:
            claims = sociallogin.account.extra_data.get("userinfo") or {}
            user.last_name = claims.get("usual_name") or user.last_name
        else:
            user.first_name = user.last_name = ""
        return user

    @staticmethod
    def _refused_for(sociallogin, user):
        return audience(sociallogin.provider) == CITIZENS and is_staff_member(user)

    @staticmethod
    def _address_taken(sociallogin):
        emails = [address.email for address in sociallogin.email_addresses]
        return bool(emails) and EmailAddress.objects.filter(email__in=emails).exists()

    @staticmethod
    def _refuse(request, message):
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("account_login"))


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's login and sign-up limits count the trusted client address."""
        return client_ip(request)

    def get_login_redirect_url(self, request):
        """Where each role works: reviewers their queues, entrepreneurs their dossiers, the
        ministry, moderators and editors the admin; anyone else the home page. allauth asks
        only when the sign-in carried no ``next``."""
        user = request.user
        if is_reviewer(user):
            return reverse("instruction:queues")
        if has_role(user, Role.ENTREPRENEUR):
            return reverse("workflows:my-dossiers")
        if user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request):
        """After signing out here, sign out at the provider too when the session came from it."""
        local = super().get_logout_redirect_url(request)
        return oidc_session.provider_logout_url(request, request.build_absolute_uri(local)) or local
