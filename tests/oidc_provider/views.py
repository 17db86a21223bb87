import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from jwcrypto import jwt
from oauth2_provider import views
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings


class ClaimsValidator(OAuth2Validator):
    """Asserts the claims the test chose for each user, whatever the scopes."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return settings.TEST_USERS.get(request.user.username, {}).get("claims", {})


class UserInfoView(views.UserInfoView):
    """Userinfo as JSON, or as a JWT signed with the provider's key for the listed clients."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        raw = request.headers.get("Authorization", "").removeprefix("Bearer ")
        token = (
            AccessToken.objects.select_related("application")
            .filter(token_checksum=hashlib.sha256(raw.encode()).hexdigest())
            .first()
        )
        if response.status_code != 200 or token is None:
            return response
        if token.application.client_id not in settings.JWT_USERINFO_CLIENTS:
            return response
        key = token.application.jwk_key
        claims = {
            **json.loads(response.content),
            "iss": oauth2_settings.oidc_issuer(request),
            "aud": token.application.client_id,
        }
        signed = jwt.JWT(header={"alg": "RS256", "kid": key.thumbprint()}, claims=claims)
        signed.make_signed_token(key)
        return HttpResponse(signed.serialize(), content_type="application/jwt")
