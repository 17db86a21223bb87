"""Governance API: authentication tokens, the recommendations and their progress updates."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from governance import selectors, services
from governance.models import (
    RAG,
    Axis,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Recommendation,
)
from governance.staff_mfa import must_set_up_mfa


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the API token to send as ``Authorization: Token``.

    Throttled per client address, since allauth's own login limits do not cover this endpoint.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"
    # ObtainAuthToken names DRF's stock parsers itself: use the site's, which refuse hostile JSON.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if must_set_up_mfa(user):
            raise PermissionDenied(
                _("Staff accounts must set up two-factor authentication before using the API.")
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


def public_api_only(endpoints, **kwargs):
    """drf-spectacular hook: document /api/v1/ only, not the Wagtail admin's internal API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


# Recommendations and their progress ------------------------------------------------------------


class AxisSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Axis
        fields = ["number", "title"]


class RecommendationSerializer(serializers.ModelSerializer):
    axis = AxisSummarySerializer(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "number",
            "axis",
            "title",
            "status",
            "progress",
            "rag",
            "rag_reason",
            "last_published_at",
            "url",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    is_late = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "title",
            "description",
            "planned_date",
            "forecast_date",
            "actual_date",
            "evidence_url",
            "is_late",
        ]

    def get_is_late(self, milestone) -> bool:
        return milestone.is_late()


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["date", "value"]


class IndicatorSerializer(serializers.ModelSerializer):
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "source",
            "values",
        ]


class PublishedUpdateSerializer(serializers.ModelSerializer):
    # Plain strings: the same choices as ``status`` and ``rag``, documented once there.
    previous_status = serializers.CharField(read_only=True)
    previous_rag = serializers.CharField(read_only=True)
    evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "published_at",
            "status",
            "previous_status",
            "progress",
            "previous_progress",
            "rag",
            "previous_rag",
            "rag_reason",
            "comment",
            "evidence_url",
            "evidence_file",
            "digest",
        ]

    def get_evidence_file(self, update) -> str | None:
        if not update.evidence_file:
            return None
        return reverse("progress-evidence", args=[update.pk])


class RecommendationDetailSerializer(RecommendationSerializer):
    summary = serializers.CharField(read_only=True)
    lead_institutions = serializers.StringRelatedField(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    updates = PublishedUpdateSerializer(many=True, read_only=True)

    class Meta(RecommendationSerializer.Meta):
        fields = [
            *RecommendationSerializer.Meta.fields,
            "summary",
            "lead_institutions",
            "milestones",
            "indicators",
            "updates",
        ]


class DraftUpdateSerializer(serializers.ModelSerializer):
    """What ministry staff send to draft an update; the rating defaults to the current one."""

    rag = serializers.ChoiceField(choices=RAG.choices, required=False)
    rag_reason = serializers.CharField(required=False, allow_blank=True)
    progress = serializers.IntegerField(min_value=0, max_value=100)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "version",
            "status",
            "progress",
            "comment",
            "evidence_url",
            "rag",
            "rag_reason",
        ]
        read_only_fields = ["id", "version"]


class RecommendationList(generics.ListAPIView):
    """The 18 recommendations and their published status and progress; ``?axis=N`` filters."""

    serializer_class = RecommendationSerializer
    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("axis", int, description="Axis number (1 to 4).")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = selectors.public_recommendations()
        axis = self.request.query_params.get("axis")
        if axis:
            if not axis.isdigit():
                raise ValidationError({"axis": _("Give an axis number.")})
            queryset = queryset.filter(axis__number=int(axis))
        return queryset


class RecommendationDetail(generics.RetrieveAPIView):
    """One recommendation with its milestones, indicators and published history."""

    serializer_class = RecommendationDetailSerializer
    permission_classes = [AllowAny]
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.public_recommendation_detail()


class IsMinistry(BasePermission):
    def has_permission(self, request, view):
        return services.is_ministry(request.user)


class DraftUpdateCreate(generics.CreateAPIView):
    """Draft a progress update (ministry staff): private until a colleague publishes it."""

    serializer_class = DraftUpdateSerializer
    permission_classes = [IsAuthenticated, IsMinistry]

    def perform_create(self, serializer):
        recommendation = get_object_or_404(Recommendation, number=self.kwargs["number"])
        serializer.instance = services.draft_update(
            recommendation, self.request.user, **serializer.validated_data
        )


class PublishRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_(
            "The version of the draft you checked: if it changed since, nothing is published "
            "(409). Without it, the draft as it stands is published."
        ),
    )


class PublishConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    version = serializers.IntegerField(help_text=_("The draft's current version."))


class PublishUpdate(APIView):
    """Publish a draft (four eyes): 403 for its author; 409 when it is already published or
    when it changed since the ``version`` the publisher checked."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=PublishRequestSerializer,
        responses={200: PublishedUpdateSerializer, 409: PublishConflictSerializer},
    )
    def post(self, request, pk):
        update = get_object_or_404(ProgressUpdate.objects.select_related("recommendation"), pk=pk)
        if not services.is_ministry(request.user):
            if not update.is_published:
                raise Http404
            raise PermissionDenied
        body = PublishRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            update = services.publish_update(
                update, request.user, version=body.validated_data.get("version")
            )
        except ProgressUpdate.DoesNotExist as error:  # its author deleted it a moment ago
            raise Http404 from error
        return Response(PublishedUpdateSerializer(update).data)


urlpatterns = [
    path("recommendations/", RecommendationList.as_view(), name="api-recommendations"),
    path(
        "recommendations/<int:number>/",
        RecommendationDetail.as_view(),
        name="api-recommendation",
    ),
    path(
        "recommendations/<int:number>/updates/",
        DraftUpdateCreate.as_view(),
        name="api-recommendation-updates",
    ),
    path("updates/<int:pk>/publish/", PublishUpdate.as_view(), name="api-update-publish"),
]
