"""Template helpers for citizen comments: safe rendering and the consultation's comment section."""

from django import template

from cms.comments import selectors, services
from cms.comments.forms import CommentForm
from cms.comments.rendering import render_comment_body
from cms.models import MAX_DEPTH

register = template.Library()


@register.filter
def comment_html(text):
    """A comment's text as safe HTML: escaped, line breaks kept, http(s) links nofollow ugc."""
    return render_comment_body(text or "")


@register.filter
def pending_message(comment):
    return services.pending_message(comment)


@register.inclusion_tag("cms/comments/_section.html", takes_context=True)
def comments_section(context, page):
    """The comment section of a consultation page: status, form, sorted and paged threads."""
    request = context["request"]
    user = request.user
    sort = request.GET.get("tri", selectors.CommentSort.OLDEST)
    if sort not in selectors.SORT_ORDER:
        sort = selectors.CommentSort.OLDEST
    threads = selectors.comment_threads(page, user, sort, request.GET.get("page", 1))
    closed = services.closed_message(page)
    refusal = None if closed or not user.is_authenticated else services.participation_refusal(user)
    can_write = user.is_authenticated and not closed and not refusal
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "page": page,
        "user": user,
        "threads": threads,
        "sort": sort,
        "sorts": selectors.CommentSort.choices,
        "closed_message": closed,
        "refusal": refusal,
        "can_write": can_write,
        "form": CommentForm(max_length=page.comment_max_length) if can_write else None,
        "max_depth": MAX_DEPTH,
    }
