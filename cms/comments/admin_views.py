"""The moderation queue in the Wagtail admin: tabs, the comment file, decisions, log, export.

Reserved to users with ``cms.moderate_comment`` (the ``moderators`` group); the CSV export is
also open to editors, for the synthesis of a consultation.
"""

import csv
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.comments import moderation, selectors
from cms.comments.forms import ReasonsForm, StatementForm
from cms.models import (
    Comment,
    CommentAppeal,
    CommentingBlock,
    CommentState,
    ConsultationPage,
    ModerationAction,
)
from governance.errors import Conflict, InvalidInput
from governance.roles import Role, has_role

QUEUE_PAGE_SIZE = 50
LOG_PAGE_SIZE = 100
EXPORT_PERMISSION = "cms.export_comments"


def moderator_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not moderation.is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def can_export(user):
    return (
        moderation.is_moderator(user)
        or user.has_perm(EXPORT_PERMISSION)
        or has_role(user, Role.EDITOR)
    )


def _breadcrumbs(*items):
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("comment-moderation-queue"), "label": _("Comment moderation")},
        *({"url": url, "label": label} for url, label in items),
    ]


def _render(request, template, title, context, breadcrumbs=()):
    return TemplateResponse(
        request,
        template,
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "comment",
            "breadcrumbs_items": _breadcrumbs(*breadcrumbs),
            **context,
        },
    )


@moderator_only
def queue(request):
    """The queue: one tab per kind of work, newest first or most reported first."""
    tab = request.GET.get("onglet", selectors.QueueTab.PENDING)
    if tab not in selectors.QueueTab.values:
        tab = selectors.QueueTab.PENDING
    by_reports = request.GET.get("tri") == "signalements"
    page = Paginator(selectors.moderation_queue(tab, by_reports), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _render(
        request,
        "cms/comments/admin/queue.html",
        _("Comment moderation"),
        {
            "tab": tab,
            "tabs": selectors.QueueTab.choices,
            "by_reports": by_reports,
            "comments": page,
            "consultations": ConsultationPage.objects.order_by("-first_published_at", "title"),
        },
    )


@moderator_only
def detail(request, pk):
    """Everything a moderator needs to decide: text, history, reports, appeal, log."""
    comment = get_object_or_404(
        Comment.objects.select_related(
            "author", "consultation", "appeal", "author__commenting_block", "parent__author"
        ),
        pk=pk,
    )
    reason = selectors.most_reported_reason(comment)
    reported = {"reason_code": reason} if reason else {}
    return _render(
        request,
        "cms/comments/admin/detail.html",
        _("Comment #%(pk)s") % {"pk": comment.pk},
        {
            "comment": comment,
            "revisions": comment.revisions.all(),
            "reports": comment.reports.select_related("user"),
            "actions": comment.moderation_actions.select_related("actor"),
            "hide_form": ReasonsForm(prefix="hide", initial=reported),
            "block_form": ReasonsForm(prefix="block", initial=reported),
            "appeal_form": StatementForm(prefix="appeal"),
            "states": CommentState,
        },
        breadcrumbs=[(request.path, _("Comment #%(pk)s") % {"pk": comment.pk})],
    )


def _decide(request, pk, decision, success):
    comment = get_object_or_404(Comment, pk=pk)
    try:
        decision(comment)
    except Conflict as error:
        messages.error(request, str(error))
    except InvalidInput as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("comment-moderation-detail", pk=pk)


@require_POST
@moderator_only
def publish(request, pk):
    return _decide(
        request, pk, lambda c: moderation.publish(c, request.user), _("Comment published.")
    )


@require_POST
@moderator_only
def restore(request, pk):
    return _decide(
        request, pk, lambda c: moderation.restore(c, request.user), _("Comment restored.")
    )


@require_POST
@moderator_only
def hide(request, pk):
    return _decide(
        request,
        pk,
        lambda c: moderation.hide(
            c,
            request.user,
            request.POST.get("hide-reason_code", ""),
            request.POST.get("hide-statement", ""),
        ),
        _("Comment hidden; its author has been sent the statement of reasons."),
    )


@require_POST
@moderator_only
def reject_appeal(request, pk):
    appeal = get_object_or_404(CommentAppeal, comment_id=pk)
    return _decide(
        request,
        pk,
        lambda c: moderation.reject_appeal(
            appeal, request.user, request.POST.get("appeal-statement", "")
        ),
        _("Appeal rejected; its author has been told why."),
    )


@require_POST
@moderator_only
def block_user(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    return _decide(
        request,
        pk,
        lambda c: moderation.block_user(
            comment.author,
            request.user,
            request.POST.get("block-reason_code", ""),
            request.POST.get("block-statement", ""),
        ),
        _("User blocked; they have been sent the statement of reasons."),
    )


@require_POST
@moderator_only
def unblock_user(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    return _decide(
        request,
        pk,
        lambda c: moderation.unblock_user(comment.author, request.user),
        _("User unblocked."),
    )


@moderator_only
def log(request):
    """The append-only moderation log, newest first."""
    page = Paginator(
        ModerationAction.objects.select_related("actor", "user", "comment"), LOG_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return _render(
        request,
        "cms/comments/admin/log.html",
        _("Moderation log"),
        {"actions": page},
        breadcrumbs=[(request.path, _("Moderation log"))],
    )


@moderator_only
def blocked_users(request):
    blocks = CommentingBlock.objects.select_related("user", "blocked_by").order_by("-created_at")
    return _render(
        request,
        "cms/comments/admin/blocked.html",
        _("Blocked users"),
        {"blocks": blocks},
        breadcrumbs=[(request.path, _("Blocked users"))],
    )


def _spreadsheet_safe(text):
    """Keep a spreadsheet from reading a comment as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


EXPORT_HEADER = [
    "id",
    "parent_id",
    "created_at",
    "speaker_category",
    "body",
    "score",
    "replies",
    "question_id",
    "question",
]


def export_csv(request, consultation_id):
    """A consultation's published comments as CSV, without names or contact details."""
    if not can_export(request.user):
        raise PermissionDenied
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(EXPORT_HEADER)
        for row in selectors.export_rows(consultation).iterator(chunk_size=2000):
            pk, parent_id, created_at, category, body, score, replies, question_id, question = row
            yield writer.writerow(
                [
                    pk,
                    parent_id or "",
                    timezone.localtime(created_at).isoformat(),
                    category,
                    _spreadsheet_safe(body),
                    score,
                    replies,
                    question_id or "",
                    _spreadsheet_safe(question or ""),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-commentaires.csv"'
    )
    return response
