"""CMS API: the public consultations, with their status computed from their dates."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from cms.comments.selectors import participation
from cms.models import ConsultationPage, ConsultationStatus, public_pages
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


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class CategoryFigureSerializer(serializers.Serializer):
    speaker_category = serializers.CharField(allow_blank=True)
    label = serializers.CharField()
    contributions = serializers.IntegerField()
    participants = serializers.IntegerField()


class QuestionFigureSerializer(serializers.Serializer):
    question = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    contributions = serializers.IntegerField()
    participants = serializers.IntegerField()


class ParticipationSerializer(serializers.Serializer):
    contributions = serializers.IntegerField()
    participants = serializers.IntegerField()
    by_speaker_category = CategoryFigureSerializer(many=True)
    by_question = QuestionFigureSerializer(many=True)


class ConsultationDetailSerializer(ConsultationSerializer):
    """A consultation with its questions and its participation figures (published only)."""

    questions = serializers.SerializerMethodField()
    participation = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "questions", "participation"]

    def _questions(self, consultation):
        if not hasattr(consultation, "_api_questions"):
            consultation._api_questions = list(consultation.questions.all())
        return consultation._api_questions

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, consultation):
        return [{"id": q.pk, "text": q.text} for q in self._questions(consultation)]

    @extend_schema_field(ParticipationSerializer)
    def get_participation(self, consultation):
        return participation(consultation, self._questions(consultation))


class ConsultationDetail(generics.RetrieveAPIView):
    """One published consultation: its questions, and who took part, by category and question."""

    serializer_class = ConsultationDetailSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return public_pages(live_consultations())


urlpatterns = [
    path("consultations/", ConsultationList.as_view(), name="api-consultations"),
    path("consultations/<int:pk>/", ConsultationDetail.as_view(), name="api-consultation"),
]
