"""CMS API: the public consultations, with their status computed from their dates."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from cms.models import ConsultationPage, ConsultationStatus
from cms.models.consultations import cache_until
from cms.selectors import live_consultations
from governance import public_cache


class ConsultationSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ConsultationStatus.choices, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationPage
        fields = ["id", "title", "status", "opens_at", "closes_at", "url"]

    def get_url(self, consultation) -> str:
        return consultation.get_url(self.context.get("request"))


@extend_schema(
    parameters=[
        OpenApiParameter(
            "status",
            str,
            enum=ConsultationStatus.values,
            description="Only the consultations with this status (from their dates, now).",
        )
    ]
)
class ConsultationList(generics.ListAPIView):
    """The published consultations, most recently opened first."""

    serializer_class = ConsultationSerializer
    permission_classes = [AllowAny]

    def list(self, request, *args, **kwargs):
        public_cache.depends_on(request, public_cache.CONSULTATIONS, public_cache.PAGES)
        response = super().list(request, *args, **kwargs)
        # Statuses follow the dates: kept no longer than the next opening or closing.
        return cache_until(response, ConsultationPage.objects.live().next_status_change())

    def get_queryset(self):
        consultations = live_consultations().only(
            "id", "title", "url_path", "opens_at", "closes_at"
        )
        status = self.request.query_params.get("status")
        if status is None:
            return consultations
        if status not in ConsultationStatus.values:
            raise ValidationError(
                {
                    "status": _("Unknown status; expected one of: %(values)s.")
                    % {"values": ", ".join(ConsultationStatus.values)}
                }
            )
        return consultations.with_status(status)


urlpatterns = [
    path("consultations/", ConsultationList.as_view(), name="api-consultations"),
]
