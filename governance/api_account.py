"""The signed-in person's own account: ``/api/v1/me/``, its export and its deletion."""

from django.contrib.auth import logout
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from governance import personal_data


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    public_name = serializers.CharField(source="public_label")
    email = serializers.EmailField()
    roles = serializers.SerializerMethodField()

    def get_roles(self, user) -> list[str]:
        return sorted(user.groups.values_list("name", flat=True))


class MeView(APIView):
    """Who I am (GET) and the deletion of my account (DELETE, with my password, or without it
    within minutes of passing a second factor in this session)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        request=inline_serializer(
            "AccountDeletion", {"password": serializers.CharField(required=False)}
        ),
        responses={204: None},
    )
    def delete(self, request):
        password = request.data.get("password") if hasattr(request.data, "get") else None
        if not personal_data.identity_confirmed(request._request, password):
            raise PermissionDenied(
                _("Send your password, or confirm your identity again, to delete your account.")
            )
        personal_data.erase_user(request.user)
        if request.user.is_authenticated and hasattr(request._request, "session"):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    """Everything the platform holds about me."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response(personal_data.export_user(request.user))


urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("me/export/", MeExportView.as_view(), name="api-me-export"),
]
