"""Governance API: authentication tokens, the recommendations and their progress updates."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from governance import api_tokens, public_cache, selectors, services
from governance.models import (
    RAG,
    Axis,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Recommendation,
)
from governance.throttling import AccountThrottle, ScopedClientThrottle


class TokenRequestSerializer(AuthTokenSerializer):
    """Credentials, plus the current TOTP code (or a recovery code) for accounts that enrolled
    one (all staff)."""

    token = None  # DRF's serializer also declares the answer; ours is TokenSerializer
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        trim_whitespace=True,
        help_text=_lazy(
            "Current code of the authenticator app, or an unused recovery code (spent by this "
            "request); required once TOTP is enrolled."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_lazy("Send it as “Authorization: Token <token>”."))
    expires_at = serializers.DateTimeField()


class TokenView(APIView):
    """Exchange credentials (and the TOTP code once enrolled) for an expiring API token.

    Throttled per trusted client address and per account named, since allauth's own login
    limits do not cover this endpoint.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientThrottle, AccountThrottle]
    throttle_scope = "auth-token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            token, key = api_tokens.issue_token(
                serializer.validated_data["user"], otp=serializer.validated_data.get("otp", "")
            )
        except api_tokens.MFASetupRequired as error:
            raise PermissionDenied(str(error)) from error
        except api_tokens.TokenRefused as error:
            raise ValidationError({"otp": [str(error)]}) from error
        return Response(TokenSerializer({"token": key, "expires_at": token.expires_at}).data)


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
        # Cached for anonymous callers until a publication changes a status or a page moves.
        public_cache.depends_on(request, public_cache.BAROMETER, public_cache.PAGES)
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

    def get_object(self):
        recommendation = super().get_object()
        public_cache.depends_on(
            self.request,
            public_cache.recommendation_scope(recommendation.pk),
            public_cache.PAGES,
        )
        return recommendation

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
