"""Template helpers for citizen comments: safe rendering and the consultation's comment section."""

import time

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from cms.comments import selectors, services
from cms.comments.forms import CommentForm
from cms.comments.rendering import COMMENT_MESSAGE_TAG, render_comment_body
from cms.models import MAX_DEPTH
from governance.fragments import Fragments

register = template.Library()


@register.filter
def comment_html(text):
    """A comment's text as safe HTML: escaped, line breaks kept, http(s) links nofollow ugc."""
    return render_comment_body(text or "")


# A few thousand threads as a visitor sees them (a consultation page shows up to 80): a page
# rebuilt after a new comment renders that comment, not the two hundred around it again.
VISITOR_THREADS = Fragments(4096)
COMMENT_TEMPLATE = "cms/comments/_comment.html"


def _shown(comment):
    """What a visitor sees of ``comment`` and its replies: every value its HTML is drawn from."""
    return (
        comment.pk,
        comment.state,
        comment.depth,
        comment.author_label,
        comment.speaker_category,
        comment.created_at,
        comment.edited_at,
        comment.declared_interest,
        comment.body,
        comment.upvotes,
        comment.downvotes,
        tuple(_shown(reply) for reply in comment.children),
    )


@register.simple_tag(takes_context=True)
def comment_thread(context, comment):
    """A thread's HTML; for a visitor who is not signed in (no form, no vote, nothing of their
    own), remembered in this process under what it shows (``VISITOR_THREADS``)."""
    template = context.template.engine.get_template(COMMENT_TEMPLATE)

    def render():
        with context.push(comment=comment):
            return template.render(context)

    if context["user"].is_authenticated or context.get("messages_by_comment"):
        return render()
    return VISITOR_THREADS.get_or_render((translation.get_language(), _shown(comment)), render)


@register.filter
def worded(question, language):
    """A question's text, marked with its language where it is not ``language`` (a question
    not yet translated on an English page reads in French, and says so to screen readers)."""
    found = getattr(question, "language", language)
    if found == language:
        return conditional_escape(question.text)
    return format_html('<span lang="{}">{}</span>', found, question.text)


@register.filter
def pending_message(comment):
    return services.pending_message(comment)


def _shown_ids(threads):
    stack, shown = list(threads), set()
    while stack:
        comment = stack.pop()
        shown.add(comment.pk)
        stack.extend(comment.children)
    return shown


def _place_messages(context, groups):
    """Messages about a comment go next to it when it is shown here, atop the comments if not."""
    by_comment, loose = {}, []
    shown = set().union(*(_shown_ids(group["threads"]) for group in groups))
    for message in _comment_messages(context):
        tag = next((t for t in message.extra_tags.split() if t.startswith("commentaire-")), "")
        pk = int(tag.removeprefix("commentaire-")) if tag else None
        if pk in shown:
            by_comment.setdefault(pk, []).append(message)
        else:
            loose.append(message)
    return by_comment, loose


# A visitor's whole comment section, under when its consultation's comments last changed for
# visitors (``counts``: every such change counts them again) and everything else it is drawn
# from: a first visit after the shared cache was emptied reads one row, not the threads. Kept
# no longer than ``SECTION_SECONDS``, should a change ever miss its count.
VISITOR_SECTIONS = Fragments(32)
SECTION_SECONDS = 300
SECTION_TEMPLATE = "cms/comments/_section.html"


def _comment_messages(context):
    return [
        message
        for message in context.get("messages") or []
        if COMMENT_MESSAGE_TAG in message.extra_tags
    ]


@register.simple_tag(takes_context=True)
def comments_section(context, page, questions=None):
    """The comment section of a consultation page: one group of sorted, paged threads per
    question (and one for the consultation as a whole), each with its own form when open.

    A translation shows, and posts to, its source's conversation (``conversation_page``)."""
    request = context["request"]
    user = request.user
    sort = request.GET.get("tri", selectors.CommentSort.OLDEST)
    if sort not in selectors.SORT_ORDER:
        sort = selectors.CommentSort.OLDEST
    questions = page.conversation_questions() if questions is None else questions
    conversation = page.conversation_page
    closed = services.closed_message(conversation)
    counts, stamp = selectors.thread_counts(conversation, user)
    template = context.template.engine.get_template(SECTION_TEMPLATE)

    def render():
        values = _section(context, page, conversation, questions, sort, closed, counts)
        return template.render(context.new(values))

    if stamp is None or user.is_authenticated or _comment_messages(context):
        return render()
    key = (
        translation.get_language(),
        request.path,
        page.pk,
        page.language,
        conversation.pk,
        conversation.premoderation,
        str(closed or ""),
        stamp,
        sort,
        request.GET.get("question", ""),
        request.GET.get("page", ""),
        tuple((q.pk, q.text, q.details, getattr(q, "language", None)) for q in questions),
        int(time.time() // SECTION_SECONDS),
    )
    return VISITOR_SECTIONS.get_or_render(key, render)


def _section(context, page, conversation, questions, sort, closed, counts):
    """What ``_section.html`` shows."""
    request = context["request"]
    user = request.user
    refusal = None if closed or not user.is_authenticated else services.participation_refusal(user)
    can_write = user.is_authenticated and not closed and not refusal
    paged_group = request.GET.get("question", "")
    keys = [*((str(question.pk), question) for question in questions), ("general", None)]
    pages = selectors.thread_pages(
        conversation,
        user,
        sort,
        [
            (
                question,
                request.GET.get("page", 1) if paged_group in ("", key) else 1,
                counts.get(question.pk if question else None, 0),
            )
            for key, question in keys
        ],
    )
    groups = []
    for (key, question), threads in zip(keys, pages, strict=True):
        form = None
        if can_write:
            form = CommentForm(
                max_length=conversation.comment_max_length,
                auto_id=f"id_{key}_%s",
                initial={"question": question.pk if question else None},
            )
        groups.append(
            {
                "key": key,
                "question": question,
                "threads": threads,
                "page_range": threads.paginator.get_elided_page_range(threads.number),
                "form": form,
            }
        )
    messages_by_comment, loose_messages = _place_messages(context, groups)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "page": page,
        "content_language": page.language,
        "conversation": conversation,
        "user": user,
        "groups": groups,
        "sort": sort,
        "sorts": selectors.CommentSort.choices,
        "closed_message": closed,
        "refusal": refusal,
        "can_write": can_write,
        "max_depth": MAX_DEPTH,
        "messages_by_comment": messages_by_comment,
        "loose_messages": loose_messages,
    }


@register.filter
def messages_for(messages_by_comment, comment):
    return messages_by_comment.get(comment.pk, [])
