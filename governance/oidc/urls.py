"""allauth's OpenID Connect URLs, served by the adapter that verifies what the provider signs."""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount import app_settings
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.http import Http404
from django.urls import include, path

from governance.oidc.provider import StateOpenIDConnectAdapter


def _adapter_view(view_class):
    @login_not_required
    def view(request, provider_id):
        try:
            return view_class.adapter_view(StateOpenIDConnectAdapter(request, provider_id))(request)
        except SocialApp.DoesNotExist as error:
            raise Http404 from error

    return view


urlpatterns = [
    path(
        f"{app_settings.OPENID_CONNECT_URL_PREFIX}/<str:provider_id>/",
        include(
            [
                path("login/", _adapter_view(OAuth2LoginView), name="openid_connect_login"),
                path(
                    "login/callback/",
                    _adapter_view(OAuth2CallbackView),
                    name="openid_connect_callback",
                ),
            ]
        ),
    )
]
