"""What an OpenID Connect sign-in leaves in the session: the ID token (for logout) and MFA."""

import logging

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.dispatch import receiver
from django.utils.crypto import get_random_string
from django.utils.http import urlencode

from governance.oidc.provider import PENDING_ID_TOKEN_KEY, StateOpenIDConnectAdapter
from governance.staff_mfa import mark_session_mfa

logger = logging.getLogger(__name__)

SESSION_KEY = "oidc_sign_in"


def asserts_mfa(claims):
    """True when the ID token says the person used several factors at the provider."""
    return claims.get("acr") in settings.OIDC_MFA_ACR_VALUES or "mfa" in (claims.get("amr") or [])


@receiver(user_logged_in)
def remember_oidc_sign_in(sender, request, user, sociallogin=None, **kwargs):
    pending = request.session.pop(PENDING_ID_TOKEN_KEY, None)
    if sociallogin is None or pending is None:
        return
    provider = sociallogin.provider
    if pending["provider"] != provider.app.provider_id:
        return
    request.session[SESSION_KEY] = {
        "provider": pending["provider"],
        "id_token": pending["id_token"],
    }
    claims = sociallogin.account.extra_data.get("id_token", {})
    if provider.app.settings.get("audience") == "agents" and asserts_mfa(claims):
        mark_session_mfa(request, pending["provider"])


def provider_logout_url(request, post_logout_redirect_uri):
    """The provider's end_session_endpoint for this session, or None (RP-initiated logout)."""
    sign_in = request.session.get(SESSION_KEY)
    if not sign_in:
        return None
    adapter = StateOpenIDConnectAdapter(request, sign_in["provider"])
    try:
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except Exception:  # A provider that is down must not keep anyone signed in here.
        logger.warning("OIDC logout: %s did not answer", sign_in["provider"], exc_info=True)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": sign_in["id_token"],
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "state": get_random_string(32),
        }
    )
    return f"{endpoint}?{query}"
