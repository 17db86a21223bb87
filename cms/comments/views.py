"""Comment pages: post, reply, edit, delete, vote, report, appeal.

Each view parses its form, calls one service and goes back to the consultation page with a
message; refusals are shown on the form page with a 4xx status, never a 500.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.comments import services
from cms.comments.forms import AppealForm, CommentForm, ReportForm
from cms.comments.rendering import COMMENT_MESSAGE_TAG
from cms.models import MAX_DEPTH, Comment, CommentState, ConsultationPage, public_pages
from governance.errors import Conflict, InvalidInput, NotPermitted
from governance.language import address_language
from governance.throttling import consume_shared_limit
from governance.views.system import rate_limited


def limited(group):
    """Rate-limit POSTs per user, answered with the project's 429 page.

    The budget is shared with the API doing the same thing (``throttle_scope`` = ``group``),
    and its rate is in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and consume_shared_limit(request, group):
                return rate_limited(request, None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _posted(request):
    """The submitted data on POST (even when empty, so the form is bound and shows errors)."""
    return request.POST if request.method == "POST" else None


def _reader_page(request, consultation):
    """The page of ``consultation``'s conversation in the address's language (``/en/...``
    comment pages come from, and lead back to, the English translation where there is one)."""
    return consultation.conversation_page.for_language(address_language(request))


def _back_to(request, consultation, comment=None):
    anchor = f"#commentaire-{comment.pk}" if comment else "#commentaires"
    page = _reader_page(request, consultation)
    return HttpResponseRedirect(f"{page.get_url(request)}{anchor}")


def comment_message_tag(comment):
    """The tag that puts a message next to ``comment`` on the consultation page."""
    return f"{COMMENT_MESSAGE_TAG} commentaire-{comment.pk}"


def _tell(request, level, comment, message):
    messages.add_message(request, level, message, extra_tags=comment_message_tag(comment))


def _form_page(request, consultation, form=None, *, status=200, **context):
    """The one page every comment form uses; ``refusal`` replaces the form with a message."""
    context.setdefault("refusal", None)
    return TemplateResponse(
        request,
        "cms/comments/form_page.html",
        {"form": form, "consultation": _reader_page(request, consultation), **context},
        status=status,
    )


def _consultation(pk):
    return get_object_or_404(public_pages(ConsultationPage.objects.live()), pk=pk)


def _published(pk):
    return get_object_or_404(
        Comment.objects.select_related("consultation", "author"),
        pk=pk,
        state=CommentState.PUBLISHED,
        consultation__live=True,
    )


def _own(request, pk):
    """The author's own comment; 404 for anyone else's."""
    return get_object_or_404(
        Comment.objects.select_related("consultation", "author", "appeal"),
        pk=pk,
        author=request.user,
    )


def _announce(request, comment):
    message = services.pending_message(comment)
    if message:
        _tell(request, messages.WARNING, comment, message)
    else:
        _tell(request, messages.SUCCESS, comment, _("Your comment is published."))


def _question(request, consultation):
    """The question named by the form or the address (``None``: the whole consultation),
    worded in the address's language."""
    raw = (request.POST if request.method == "POST" else request.GET).get("question", "")
    if not raw.isdigit():
        return None
    questions = _reader_page(request, consultation).conversation_questions()
    return next((question for question in questions if question.pk == int(raw)), None)


def _write(request, consultation, parent=None):
    """New comments and replies share this: refusal, form, service, message, back.

    ``consultation`` is the page posted from; a translation's comments go to its source."""
    consultation = consultation.conversation_page
    question = None if parent else _question(request, consultation)
    heading = _("Comment on the consultation")
    if parent:
        heading = _("Reply to a comment")
    elif question:
        heading = _("Answer the question: %(question)s") % {"question": question.text}
    context = {
        "heading": heading,
        "submit_label": _("Publish my reply") if parent else _("Publish my comment"),
        "quoted": parent,
    }
    refusal = services.participation_refusal(request.user) or services.closed_message(consultation)
    if refusal:
        return _form_page(request, consultation, refusal=refusal, status=403, **context)
    form = CommentForm(
        _posted(request),
        max_length=consultation.comment_max_length,
        with_question=parent is None,
        initial={"question": question.pk if question else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.post_comment(
                consultation, request.user, parent=parent, **form.cleaned_data
            )
        except InvalidInput as error:
            form.add_service_errors(error)
        except (NotPermitted, Conflict) as error:
            return _form_page(request, consultation, refusal=str(error), status=403, **context)
        else:
            _announce(request, comment)
            return _back_to(request, consultation, comment)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, consultation, form, status=status, **context)


@login_required
@require_http_methods(["GET", "POST"])
@limited("comment-post")
def comment_create(request, consultation_id):
    return _write(request, _consultation(consultation_id))


@login_required
@require_http_methods(["GET", "POST"])
@limited("comment-post")
def comment_reply(request, pk):
    parent = _published(pk)
    if not parent.can_receive_replies:
        return _form_page(
            request,
            parent.consultation,
            heading=_("Reply to a comment"),
            quoted=parent,
            refusal=_(
                "Replies go at most %(depth)s levels deep: reply to the comment above instead."
            )
            % {"depth": MAX_DEPTH},
            status=400,
        )
    return _write(request, parent.consultation, parent=parent)


@login_required
@require_http_methods(["GET", "POST"])
@limited("comment-post")
def comment_edit(request, pk):
    comment = _own(request, pk)
    context = {"heading": _("Edit my comment"), "submit_label": _("Save my comment")}
    form = CommentForm(
        _posted(request),
        max_length=comment.consultation.comment_max_length,
        with_question=False,
        initial={
            "body": comment.body,
            "speaker_category": comment.speaker_category,
            "declared_interest": comment.declared_interest,
            "synthesis_email": comment.synthesis_email,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.edit_comment(comment, request.user, **form.cleaned_data)
        except InvalidInput as error:
            form.add_service_errors(error)
        except (NotPermitted, Conflict) as error:
            return _form_page(
                request, comment.consultation, refusal=str(error), status=403, **context
            )
        else:
            _announce(request, comment)
            return _back_to(request, comment.consultation, comment)
    status = 400 if request.method == "POST" else 200
    context["pending_message"] = services.pending_message(comment)
    return _form_page(request, comment.consultation, form, status=status, **context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    comment = _own(request, pk)
    if request.method == "POST":
        services.delete_comment(comment, request.user)
        # A deleted comment without replies leaves the page: the message waits at the top of
        # the comments, where the address leads.
        messages.success(request, _("Your comment is deleted."), extra_tags=COMMENT_MESSAGE_TAG)
        return _back_to(request, comment.consultation)
    return _form_page(
        request,
        comment.consultation,
        heading=_("Delete my comment"),
        submit_label=_("Delete my comment"),
        quoted=comment,
        intro=_("Its text will be removed; replies to it stay in the discussion."),
        danger=True,
    )


@login_required
@require_POST
@limited("comment-vote")
def comment_vote(request, pk):
    comment = _published(pk)
    value = {"up": 1, "down": -1}.get(request.POST.get("value"))
    try:
        services.vote(comment, request.user, value)
    except InvalidInput:
        _tell(request, messages.ERROR, comment, _("Vote up or down."))
    except (NotPermitted, Conflict) as error:
        _tell(request, messages.ERROR, comment, str(error))
    return _back_to(request, comment.consultation, comment)


@login_required
@require_http_methods(["GET", "POST"])
@limited("comment-report")
def comment_report(request, pk):
    comment = _published(pk)
    context = {
        "heading": _("Report a comment"),
        "submit_label": _("Send my report"),
        "quoted": comment,
    }
    form = ReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.report(comment, request.user, form.cleaned_data["reason"])
        except InvalidInput as error:
            form.add_service_errors(error)
        except (NotPermitted, Conflict) as error:
            return _form_page(
                request, comment.consultation, refusal=str(error), status=403, **context
            )
        else:
            _tell(
                request,
                messages.SUCCESS,
                comment,
                _("Thank you: your report will be read by a moderator."),
            )
            return _back_to(request, comment.consultation, comment)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, comment.consultation, form, status=status, **context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_appeal(request, pk):
    comment = _own(request, pk)
    context = {
        "heading": _("Appeal the hiding of my comment"),
        "submit_label": _("Send my appeal"),
        "quoted": comment,
        "intro": _("You may appeal once; a moderator will read your appeal and answer by email."),
    }
    refusal = None
    if comment.state != CommentState.HIDDEN:
        refusal = _("Only a hidden comment can be appealed.")
    elif hasattr(comment, "appeal"):
        refusal = _("You have already appealed this decision.")
    if refusal:
        return _form_page(request, comment.consultation, refusal=refusal, status=403, **context)
    form = AppealForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.file_appeal(comment, request.user, form.cleaned_data["text"])
        except InvalidInput as error:
            form.add_service_errors(error)
        except (NotPermitted, Conflict) as error:
            return _form_page(
                request, comment.consultation, refusal=str(error), status=403, **context
            )
        else:
            _tell(request, messages.SUCCESS, comment, _("Your appeal is sent to the moderators."))
            return _back_to(request, comment.consultation, comment)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, comment.consultation, form, status=status, **context)
