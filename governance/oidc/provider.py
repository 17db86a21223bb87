"""allauth's OpenID Connect provider, held to what ProConnect and FranceConnect require.

allauth 65 sends no nonce, skips the ID token's signature when it came from the token endpoint,
and expects userinfo as JSON; both services sign their userinfo as a JWT and require a nonce.
"""

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.utils.crypto import get_random_string

# Raw ID token of the login in progress, kept for RP-initiated logout (see governance.oidc.session).
PENDING_ID_TOKEN_KEY = "oidc_pending_id_token"


class StateOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        raw_id_token = kwargs["response"].get("id_token")
        if not raw_id_token:
            raise OAuth2Error("The provider returned no ID token.")
        data = {"id_token": self._verify(app, raw_id_token)}
        if app.settings.get("fetch_userinfo", True):
            data["userinfo"] = self._fetch_user_info(token.token)
        request.session[PENDING_ID_TOKEN_KEY] = {
            "provider": app.provider_id,
            "id_token": raw_id_token,
        }
        return self.get_provider().sociallogin_from_response(request, data)

    def _verify(self, app, credential):
        """Signature, issuer, audience and expiry, checked always (not only on implicit flows)."""
        return jwtkit.verify_and_decode(
            credential=credential,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )

    def _fetch_user_info(self, access_token):
        from allauth.socialaccount.adapter import get_adapter

        with get_adapter().get_requests_session() as session:
            response = session.get(
                self.profile_url, headers={"Authorization": f"Bearer {access_token}"}
            )
            response.raise_for_status()
        if response.headers.get("Content-Type", "").startswith("application/jwt"):
            return self._verify(self.get_provider().app, response.text.strip())
        return response.json()


class StateOpenIDConnectProvider(OpenIDConnectProvider):
    """Registered through SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]."""

    package = "governance.oidc"
    oauth2_adapter_class = StateOpenIDConnectAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        # The nonce travels in allauth's stashed state; the social account adapter checks it.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
