"""Comments API: list and post a consultation's comments, report a comment.

The same services as the pages apply the same rules; the API's one exception handler answers
their refusals with a ``detail`` (403 not allowed, 409 consultation not open or already
reported, 429 too fast).
"""

from functools import partial

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.comments import counts, selectors, services
from cms.comments.rendering import render_comment_body
from cms.models import (
    Comment,
    CommentState,
    ConsultationPage,
    ReportReason,
    SpeakerCategory,
    public_pages,
)
from governance import public_cache
from governance.pagination import IdsFirstPaginator
from governance.throttling import SharedRateThrottle


class CommentSerializer(serializers.ModelSerializer):
    """A published comment: ``body`` is the plain text as typed, ``body_html`` its safe HTML."""

    author = serializers.CharField(source="author_label", read_only=True)
    body_html = serializers.SerializerMethodField()
    question = serializers.IntegerField(
        source="question_id",
        allow_null=True,
        read_only=True,
        help_text="The question answered (a reply answers its thread's); null: the whole "
        "consultation.",
    )
    # Declared, not derived: a read-only model field loses ``allow_blank`` and its "" choice.
    speaker_category = serializers.ChoiceField(
        choices=SpeakerCategory.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "body",
            "body_html",
            "author",
            "created_at",
            "edited_at",
            "parent",
            "question",
            "speaker_category",
            "declared_interest",
            "score",
            "reply_count",
        ]
        read_only_fields = fields

    def get_body_html(self, comment) -> str:
        return render_comment_body(comment.body)


class NewCommentSerializer(serializers.Serializer):
    """What a citizen sends; lengths and the parent are checked by the service."""

    body = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=100_000)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    question = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="One of the consultation's `questions` (ignored for a reply, which answers "
        "its parent's question); absent or null: the consultation as a whole.",
    )
    synthesis_email = serializers.BooleanField(required=False, default=True)
    speaker_category = serializers.CharField(required=False, allow_blank=True, max_length=64)
    declared_interest = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class PostedCommentSerializer(CommentSerializer):
    """The answer to a post: the comment, its state, and why it waits when it does."""

    state = serializers.CharField(read_only=True)
    message = serializers.SerializerMethodField()

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "state", "message"]
        read_only_fields = fields

    def get_message(self, comment) -> str | None:
        message = services.pending_message(comment)
        return str(message) if message else None


class CommentPagination(PageNumberPagination):
    """Deep pages of a consultation's comments cost a walk along an index, not a read of every
    comment before them; a visitor's count is the kept one (``cms.comments.counts``)."""

    django_paginator_class = IdsFirstPaginator

    def paginate_queryset(self, queryset, request, view=None):
        count = view.known_count() if view is not None else None
        self.django_paginator_class = partial(IdsFirstPaginator, count=count)
        return super().paginate_queryset(queryset, request, view)


class ConsultationComments(generics.ListCreateAPIView):
    """Published comments of a consultation (oldest first); signed-in citizens post new ones."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = CommentPagination
    # One budget with the page form (cms.comments.views): the same django-ratelimit counter.
    throttle_scope = "comment-post"

    def get_throttles(self):
        return [SharedRateThrottle()] if self.request.method == "POST" else []

    def get_serializer_class(self):
        return NewCommentSerializer if self.request.method == "POST" else CommentSerializer

    def get_consultation(self):
        """The consultation's conversation: a translation's comments are its source's."""
        pages = public_pages(ConsultationPage.objects.live())
        return get_object_or_404(pages, pk=self.kwargs["pk"]).conversation_page

    def get_queryset(self):
        consultation = self.get_consultation()
        public_cache.depends_on(self.request, public_cache.consultation_scope(consultation.pk))
        self.consultation = consultation
        return selectors.published_comments(consultation)

    def known_count(self):
        """How many comments the list holds: the kept count (everyone sees the same list)."""
        return counts.published_count(self.consultation.pk)

    @extend_schema(
        request=NewCommentSerializer,
        responses={
            201: PostedCommentSerializer,
            409: OpenApiResponse(description="The consultation is not open for comments"),
        },
    )
    def post(self, request, *args, **kwargs):
        consultation = self.get_consultation()
        serializer = NewCommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(pk=data["parent"]).first()
            if parent is None:
                raise ValidationError({"parent": ["This comment does not exist."]})
        comment = services.post_comment(
            consultation,
            request.user,
            data["body"],
            parent=parent,
            speaker_category=data.get("speaker_category", ""),
            declared_interest=data.get("declared_interest", ""),
            question=data.get("question"),
            synthesis_email=data.get("synthesis_email", True),
        )
        return Response(PostedCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class ReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)


class CommentReports(APIView):
    """Report a published comment, once per user; three reports hide it pending moderation."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [SharedRateThrottle]
    throttle_scope = "comment-report"

    @extend_schema(
        request=ReportSerializer,
        responses={
            201: inline_serializer(
                "CommentReportCreated",
                {"comment": serializers.IntegerField(), "reason": serializers.CharField()},
            ),
            409: OpenApiResponse(description="You have already reported this comment"),
        },
    )
    def post(self, request, pk):
        comment = get_object_or_404(
            Comment.objects.select_related("consultation"), pk=pk, state=CommentState.PUBLISHED
        )
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.report(comment, request.user, serializer.validated_data["reason"])
        return Response(
            {"comment": comment.pk, "reason": created.reason}, status=status.HTTP_201_CREATED
        )


urlpatterns = [
    path(
        "consultations/<int:pk>/comments/",
        ConsultationComments.as_view(),
        name="api-consultation-comments",
    ),
    path("comments/<int:pk>/reports/", CommentReports.as_view(), name="api-comment-reports"),
]
