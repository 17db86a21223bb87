"""Dossiers API (/api/v1/dossiers/): list, create, detail, transitions, history, reviews;
the procedures (/api/v1/pathways/) and the reviews' own transitions (/api/v1/reviews/).

Every endpoint goes through the workflow's selectors and service, whose refusals the API's one
exception handler answers: 404 when the dossier is not visible, 403 when it is but the action is
not the user's, 409 when the state does not allow it (or someone else acted first), 400 for
missing input. An unknown transition name answers 404.
"""

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from governance import public_cache
from governance.models import Recommendation, Region
from workflows import access, company_directory, membership, selectors, services, workbench
from workflows.models import (
    Attachment,
    ClockedStage,
    CorrectionReason,
    CorrectionRequest,
    Decision,
    Dossier,
    DossierTransition,
    EnclosedFile,
    ExpertReview,
    Pathway,
    ProductKind,
    RegulatoryStatus,
    ReviewBody,
    ReviewOpinion,
    ReviewState,
    StageDeadline,
    validate_siret,
)
from workflows.pagination import CappedPaginator
from workflows.procedures import PROCEDURES, Outcome
from workflows.transitions import RETURN_DESTINATIONS, REVIEW_TRANSITION_NAMES, resolve


class DossierSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", queryset=Region.objects.all())
    # None until the dossier is routed to a hub / filed for an organisation.
    hub = serializers.CharField(source="hub.name", read_only=True, allow_null=True, default=None)
    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )
    owner = serializers.CharField(source="owner.username", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    pathway = serializers.ChoiceField(choices=Pathway.choices)
    regulatory_status = serializers.ChoiceField(
        choices=RegulatoryStatus.choices, required=False, allow_blank=True
    )
    product_kind = serializers.ChoiceField(
        choices=ProductKind.choices, required=False, allow_blank=True
    )
    recommendations = serializers.SlugRelatedField(
        slug_field="number", many=True, required=False, queryset=Recommendation.objects.all()
    )
    overdue = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()
    assignee = serializers.CharField(
        source="assignee.username", read_only=True, allow_null=True, default=None
    )
    organisation_name = serializers.CharField(write_only=True, required=False, max_length=200)
    siret = serializers.CharField(
        write_only=True, required=False, max_length=14, validators=[validate_siret]
    )

    class Meta:
        model = Dossier
        fields = [
            "id",
            "reference",
            "title",
            "summary",
            "product_description",
            "target_users",
            "evidence",
            "regulatory_status",
            "product_kind",
            "pathway",
            "region",
            "hub",
            "organisation",
            "owner",
            "recommendations",
            "state",
            "state_label",
            "created_at",
            "submitted_at",
            "stage_due_at",
            "clock_paused_at",
            "overdue",
            "transitions",
            "assignee",
            "organisation_name",
            "siret",
        ]
        read_only_fields = [
            "id",
            "reference",
            "state",
            "created_at",
            "submitted_at",
            "stage_due_at",
            "clock_paused_at",
        ]

    def get_overdue(self, dossier) -> bool:
        return dossier.is_overdue()

    def get_transitions(self, dossier) -> list[str]:
        return services.available_transitions(dossier, self.context["request"].user)

    def validate(self, attrs):
        name, siret = attrs.get("organisation_name"), attrs.get("siret")
        if bool(name) != bool(siret):
            raise ValidationError(
                {"siret": [_("Give both the organisation's name and its SIRET number.")]}
            )
        return attrs


class EnclosedFileSerializer(serializers.ModelSerializer):
    """A file enclosed with a note, a message or a correction request; ``url`` downloads it."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = EnclosedFile
        fields = ["id", "name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, enclosed) -> str:
        return reverse("workflows:enclosed-file", args=[enclosed.dossier_id, enclosed.pk])


class CorrectionSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username")
    files = EnclosedFileSerializer(many=True, read_only=True)

    class Meta:
        model = CorrectionRequest
        fields = ["stage", "reason", "comment", "requested_by", "requested_at", "answer",
                  "answered_at", "files"]  # fmt: skip


class ReviewSerializer(serializers.ModelSerializer):
    """An expert review as its reader may see it; the opinion is empty until submitted."""

    body = serializers.ChoiceField(choices=ReviewBody.choices, read_only=True)
    state = serializers.ChoiceField(choices=ReviewState.choices, read_only=True)
    opinion = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()

    class Meta:
        model = ExpertReview
        fields = ["id", "round", "body", "state", "opinion", "comment", "due_at", "submitted_at",
                  "confidential", "transitions", "assignee"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assignee(self, review):
        """The assignee's username, for reviewers only (the applicant gets ``null``)."""
        if review.assignee_id is None:
            return None
        if not workbench.sees_assignments(self.context["request"].user, review.dossier):
            return None
        return review.assignee.username

    @extend_schema_field(serializers.ChoiceField(choices=ReviewOpinion.choices, allow_null=True))
    def get_opinion(self, review):
        return review.opinion if review.state == ReviewState.SUBMITTED and review.opinion else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_comment(self, review):
        return review.comment or None

    def get_transitions(self, review) -> list[str]:
        return services.available_review_transitions(review, self.context["request"].user)


class OpinionSerializer(serializers.Serializer):
    """The submitted reviews in the shape of the former HAS opinions (kept for API clients)."""

    body = serializers.CharField()
    value = serializers.CharField(source="opinion")
    motivation = serializers.CharField(source="comment")
    adviser = serializers.CharField(source="submitted_by.username", default=None, allow_null=True)
    issued_at = serializers.DateTimeField(source="submitted_at")


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username")
    letter = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["outcome", "motivation", "decided_by", "decided_at", "letter"]

    def get_letter(self, decision) -> str | None:
        if decision.letter_id is None:
            return None
        return reverse("workflows:attachment", args=[decision.dossier_id, decision.letter_id])


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, attachment) -> str:
        return reverse("workflows:attachment", args=[attachment.dossier_id, attachment.pk])


class DossierDetailSerializer(DossierSerializer):
    """One dossier with what its review produced: corrections, opinions, decision, files."""

    corrections = CorrectionSerializer(many=True, read_only=True)
    reviews = serializers.SerializerMethodField()
    opinions = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "corrections",
            "reviews",
            "opinions",
            "decision",
            "follow_ups",
            "attachments",
        ]

    def to_representation(self, dossier):
        # The corrections with their files in two queries, however many rounds there were.
        prefetch_related_objects([dossier], "corrections__requested_by", "corrections__files")
        return super().to_representation(dossier)

    def _reviews(self, dossier):
        if "_visible_reviews" not in dossier.__dict__:
            user = self.context["request"].user
            dossier._visible_reviews = selectors.reviews_for(user, dossier)
        return dossier._visible_reviews

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, dossier):
        return ReviewSerializer(self._reviews(dossier), many=True, context=self.context).data

    @extend_schema_field(OpinionSerializer(many=True))
    def get_opinions(self, dossier):
        submitted = [r for r in self._reviews(dossier) if r.state == ReviewState.SUBMITTED]
        return OpinionSerializer(sorted(submitted, key=lambda r: r.submitted_at), many=True).data

    @extend_schema_field(
        inline_serializer(
            "FollowUp",
            {
                "kind": serializers.CharField(),
                "label": serializers.CharField(),
                "due_at": serializers.DateTimeField(),
            },  # fmt: skip
            many=True,
        )
    )
    def get_follow_ups(self, dossier):
        return [
            {"kind": f.kind, "label": str(f.get_kind_display()), "due_at": f.due_at}
            for f in dossier.follow_ups.pending()
        ]

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, dossier):
        decision = Decision.objects.filter(dossier=dossier).select_related("decided_by").first()
        return DecisionSerializer(decision).data if decision else None


class DossierListSerializer(DossierSerializer):
    class Meta(DossierSerializer.Meta):
        fields = [
            "id",
            "reference",
            "title",
            "pathway",
            "region",
            "hub",
            "organisation",
            "state",
            "state_label",
            "created_at",
            "submitted_at",
            "stage_due_at",
            "overdue",
            "transitions",
            "assignee",
        ]


class CappedPagination(PageNumberPagination):
    """Page numbers over a count that stops at ``CappedPaginator.COUNT_CAP``: ``count_capped``
    says when there are more (filter to narrow), so a crowded hub is not counted whole on
    every call."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when there are more than {CappedPaginator.COUNT_CAP} "
            "dossiers: count then stops there.",
        }
        schema["required"] = [*schema.get("required", []), "count_capped"]
        return schema


class DossierListView(generics.ListCreateAPIView):
    """The dossiers you may see (GET); file a new draft as an entrepreneur (POST)."""

    permission_classes = [IsAuthenticated]
    pagination_class = CappedPagination

    def get_serializer_class(self):
        return DossierListSerializer if self.request.method == "GET" else DossierSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("assignee", str, description="A username, “me” or “none”."),
            OpenApiParameter(
                "tab", str, description="A reviewers' queue: " + ", ".join(selectors.QUEUES)
            ),
            OpenApiParameter("state", str),
            OpenApiParameter("pathway", str),
            OpenApiParameter("region", str, description="A region slug."),
            OpenApiParameter("q", str, description="A reference, or words of the title."),
        ]
    )
    def get(self, request, *args, **kwargs):
        """The dossiers you may see, with the reviewers' queue filters."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        filters = {
            key: (params.get(key) or "").strip()[:200] or None
            for key in ("assignee", "state", "pathway", "region", "q")
        }
        tab = params.get("tab")
        if tab in selectors.QUEUES or any(filters.values()):
            return selectors.queue_for(self.request.user, tab or "tous", **filters)
        return selectors.visible_dossiers(self.request.user).order_by("-created_at", "-pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return access.prefetch_perms(self.request.user, page) if page is not None else page

    def create(self, request, *args, **kwargs):
        if not services.may_create(request.user):
            raise PermissionDenied(_("Only entrepreneurs may file dossiers."))
        serializer = DossierSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation_name = data.pop("organisation_name", None)
        siret = data.pop("siret", None)
        with transaction.atomic():
            if organisation_name and services.organisation_of(request.user) is None:
                membership.create_organisation(
                    request.user, name=organisation_name, siret=siret, region=data["region"]
                )
            dossier = services.create_dossier(request.user, **data)
        output = DossierSerializer(dossier, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class VisibleDossierMixin:
    permission_classes = [IsAuthenticated]

    def get_dossier(self):
        dossier = selectors.dossier_for(self.request.user, self.kwargs["pk"])
        if dossier is None:
            raise NotFound(_("No such dossier."))
        return dossier


class DossierDetailView(VisibleDossierMixin, APIView):
    @extend_schema(responses=DossierDetailSerializer)
    def get(self, request, pk):
        """One dossier you may see (404 otherwise)."""
        dossier = self.get_dossier()
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data)


class AvailableTransitionsView(VisibleDossierMixin, APIView):
    @extend_schema(
        responses=inline_serializer(
            "AvailableTransitions",
            {"transitions": serializers.ListField(child=serializers.CharField())},
        )
    )
    def get(self, request, pk):
        """The names of the transitions you may perform on this dossier now."""
        dossier = self.get_dossier()
        return Response({"transitions": services.available_transitions(dossier, request.user)})


class TransitionInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)
    to = serializers.ChoiceField(choices=RETURN_DESTINATIONS, required=False)
    reason = serializers.ChoiceField(choices=CorrectionReason.choices, required=False)
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="request_correction only: files enclosed with the request (multipart).",
    )


class PerformTransitionView(VisibleDossierMixin, APIView):
    @extend_schema(
        request={
            "application/json": TransitionInputSerializer,
            "multipart/form-data": TransitionInputSerializer,
        },
        responses={
            200: DossierDetailSerializer,
            400: OpenApiResponse(description="Missing or invalid input"),
            403: OpenApiResponse(description="You may see the dossier but not do this"),
            404: OpenApiResponse(description="Dossier not visible, or unknown transition"),
            409: OpenApiResponse(description="Not possible from the current state, or lost a race"),
        },
    )
    def post(self, request, pk, name):
        """Perform transition ``name`` (body: comment, to, reason as needed).

        ``refer_to_has`` is kept as another name of ``refer_for_review``."""
        dossier = self.get_dossier()
        if resolve(name) is None:
            raise NotFound(_("No such transition."))
        data = request.data if hasattr(request.data, "get") else {}
        inputs = {key: data.get(key) for key in ("comment", "to", "reason")}
        inputs.update(resolve(name).uploaded(request.FILES, ""))
        dossier = services.perform(dossier, name, request.user, **inputs)
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data)


class TransitionLogSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="actor.username")

    class Meta:
        model = DossierTransition
        fields = ["transition", "source", "target", "by", "at", "comment"]


class HistoryView(VisibleDossierMixin, generics.ListAPIView):
    """The dossier's transition log, oldest first."""

    serializer_class = TransitionLogSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DossierTransition.objects.none()
        return selectors.history(self.get_dossier(), self.request.user)


class CompanySerializer(serializers.Serializer):
    siret = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField(help_text="Region slug, empty when the directory gives none.")


class DirectoryUnavailableError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The company directory is not answering; enter the company's details."


class CompanyView(APIView):
    """The public company directory's answer for a SIRET, normalised (cached for a day)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: CompanySerializer,
            400: OpenApiResponse(description="Not a valid SIRET number."),
            404: OpenApiResponse(description="The directory knows no such establishment."),
            503: OpenApiResponse(description="The directory did not answer."),
        }
    )
    def get(self, request, siret):
        siret = membership.clean_siret(siret)
        try:
            company = company_directory.lookup(siret)
        except company_directory.CompanyNotFound as error:
            raise NotFound(
                _("The company directory knows no establishment with this SIRET.")
            ) from error
        except company_directory.DirectoryUnavailable as error:
            raise DirectoryUnavailableError(
                _("The company directory is not answering right now; enter the company's details.")
            ) from error
        return Response(CompanySerializer(company.as_dict()).data)


class DossierReviewsView(VisibleDossierMixin, generics.ListAPIView):
    """The dossier's expert reviews you may see (confidential ones only to their parties)."""

    serializer_class = ReviewSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExpertReview.objects.none()
        return selectors.reviews_for(self.request.user, self.get_dossier())


class ReviewInputSerializer(serializers.Serializer):
    opinion = serializers.ChoiceField(choices=ReviewOpinion.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True)
    file = serializers.FileField(required=False)


class PerformReviewTransitionView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": ReviewInputSerializer,
            "multipart/form-data": ReviewInputSerializer,
        },
        responses={
            200: ReviewSerializer,
            400: OpenApiResponse(description="Missing or invalid input"),
            403: OpenApiResponse(description="You may see the review but not do this"),
            404: OpenApiResponse(description="Review not visible, or unknown transition"),
            409: OpenApiResponse(description="Not possible from the current state, or lost a race"),
        },
    )
    def post(self, request, pk, name):
        """Perform review transition ``name``: accept; submit (opinion, comment, file); decline
        (comment). Members of the review's body only."""
        review = selectors.review_for(request.user, pk)
        if review is None:
            raise NotFound(_("No such review."))
        if name not in REVIEW_TRANSITION_NAMES:
            raise NotFound(_("No such transition."))
        data = request.data if hasattr(request.data, "get") else {}
        inputs = {key: data.get(key) for key in ("opinion", "comment")}
        inputs["file"] = request.FILES.get("file")
        review = services.perform_review(review, name, request.user, **inputs)
        return Response(ReviewSerializer(review, context={"request": request}).data)


class PathwaySerializer(serializers.Serializer):
    slug = serializers.ChoiceField(choices=Pathway.choices)
    name = serializers.CharField()
    reviews = serializers.ListField(child=serializers.ChoiceField(choices=ReviewBody.choices))
    outcome = serializers.ChoiceField(choices=[Outcome.DECISION, Outcome.RECOMMENDATIONS])
    confidential = serializers.BooleanField()
    stage_deadlines = serializers.DictField(
        child=serializers.IntegerField(), help_text="Days per clocked stage, as set in the admin."
    )


class PathwayListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=PathwaySerializer(many=True))
    def get(self, request):
        """The procedures: which bodies review, how each ends, the stage deadlines in days."""
        public_cache.depends_on(request, public_cache.PATHWAYS)
        days = {}
        for pathway, stage, value in StageDeadline.objects.values_list("pathway", "stage", "days"):
            days.setdefault(pathway, {})[stage] = value
        rows = [
            {
                "slug": procedure.pathway.value,
                "name": str(procedure.name),
                "reviews": procedure.body_slugs,
                "outcome": procedure.outcome,
                "confidential": procedure.confidential,
                "stage_deadlines": {
                    stage.value: days.get(procedure.pathway.value, {}).get(
                        stage.value, procedure.default_days(stage)
                    )
                    for stage in ClockedStage
                },
            }
            for procedure in PROCEDURES.values()
        ]
        return Response(PathwaySerializer(rows, many=True).data)


class AssignmentInputSerializer(serializers.Serializer):
    assignee = serializers.CharField(help_text="A member of the group acting now, or “me”.")


class AssignmentView(VisibleDossierMixin, APIView):
    @extend_schema(
        request=AssignmentInputSerializer,
        responses={
            200: DossierSerializer,
            400: OpenApiResponse(description="Not a member of the group acting now"),
            403: OpenApiResponse(description="You are not in the group acting now"),
            404: OpenApiResponse(description="Dossier not visible"),
        },
    )
    def post(self, request, pk):
        """Assign the dossier to a member of the group acting now (logged in its history)."""
        dossier = self.get_dossier()
        data = request.data if hasattr(request.data, "get") else {}
        dossier = workbench.assign(dossier, request.user, data.get("assignee"))
        dossier = selectors.dossier_for(request.user, dossier.pk)
        return Response(DossierSerializer(dossier, context={"request": request}).data)


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    body = serializers.CharField(max_length=5000)
    author = serializers.CharField(source="author.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    files = EnclosedFileSerializer(many=True, read_only=True)


class NoteInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Multipart only."
    )


class NotesView(VisibleDossierMixin, APIView):
    """Reviewers' private notes: the applicant gets 404, as for anything they may not see."""

    def _notes(self):
        dossier = self.get_dossier()
        notes = workbench.notes_for(self.request.user, dossier)
        if notes is None:
            raise NotFound(_("No such dossier."))
        return dossier, notes

    @extend_schema(responses=NoteSerializer(many=True))
    def get(self, request, pk):
        """The dossier's private notes, oldest first, each with its files' download URLs."""
        _dossier, notes = self._notes()
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(
        request={
            "application/json": NoteInputSerializer,
            "multipart/form-data": NoteInputSerializer,
        },
        responses={
            201: NoteSerializer,
            400: OpenApiResponse(description="No text, or a file refused (its content)"),
            404: OpenApiResponse(description="Dossier not visible, or you may not read its notes"),
        },
    )
    def post(self, request, pk):
        """Write a private note (``body``), with files enclosed when sent as multipart."""
        dossier, _notes = self._notes()
        data = request.data if hasattr(request.data, "get") else {}
        note = workbench.add_note(
            dossier, request.user, data.get("body"), request.FILES.getlist("files")
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ReviewAssignmentView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AssignmentInputSerializer,
        responses={
            200: ReviewSerializer,
            400: OpenApiResponse(description="Not a member of the review's body"),
            403: OpenApiResponse(description="You see the review but are not of its body"),
            404: OpenApiResponse(description="Review not visible"),
            409: OpenApiResponse(description="The review is settled (submitted or declined)"),
        },
    )
    def post(self, request, pk):
        """Assign the expert review to a member of its body, or take it (``"me"``); logged in
        the dossier's history, the assignee emailed."""
        review = selectors.review_for(request.user, pk)
        if review is None:
            raise NotFound(_("No such review."))
        data = request.data if hasattr(request.data, "get") else {}
        review = workbench.assign_review(review, request.user, data.get("assignee"))
        review = selectors.review_for(request.user, review.pk)
        return Response(ReviewSerializer(review, context={"request": request}).data)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    files = serializers.ListField(child=serializers.CharField())
    changes = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        help_text="Field → {old, new}, against the version before (empty for the first).",
    )


class VersionsView(VisibleDossierMixin, APIView):
    @extend_schema(responses=VersionSerializer(many=True))
    def get(self, request, pk):
        """Each submission and resubmission as filed, with what changed since the one before."""
        versions = workbench.versions_with_changes(self.get_dossier())
        return Response(VersionSerializer(versions, many=True).data)


urlpatterns = [
    path("dossiers/<int:pk>/assignment/", AssignmentView.as_view(), name="api-dossier-assignment"),
    path("dossiers/<int:pk>/notes/", NotesView.as_view(), name="api-dossier-notes"),
    path(
        "reviews/<int:pk>/assignment/", ReviewAssignmentView.as_view(), name="api-review-assignment"
    ),
    path("dossiers/<int:pk>/versions/", VersionsView.as_view(), name="api-dossier-versions"),
    path("pathways/", PathwayListView.as_view(), name="api-pathways"),
    path("dossiers/<int:pk>/reviews/", DossierReviewsView.as_view(), name="api-dossier-reviews"),
    path(
        "reviews/<int:pk>/transitions/<str:name>/",
        PerformReviewTransitionView.as_view(),
        name="api-review-transition",
    ),
    path("dossiers/", DossierListView.as_view(), name="api-dossiers"),
    path("dossiers/<int:pk>/", DossierDetailView.as_view(), name="api-dossier"),
    path(
        "dossiers/<int:pk>/transitions/",
        AvailableTransitionsView.as_view(),
        name="api-dossier-transitions",
    ),
    path(
        "dossiers/<int:pk>/transitions/<str:name>/",
        PerformTransitionView.as_view(),
        name="api-dossier-transition",
    ),
    path("dossiers/<int:pk>/history/", HistoryView.as_view(), name="api-dossier-history"),
    path("companies/<str:siret>/", CompanyView.as_view(), name="api-company"),
]
