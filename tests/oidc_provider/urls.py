from django.contrib.auth.views import LoginView
from django.urls import include, path

from tests.oidc_provider.views import UserInfoView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("o/userinfo/", UserInfoView.as_view()),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
