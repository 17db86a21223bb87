"""The language menu's links: each leads back to what the visitor reads, in that language."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def switch_language_url(context, code):
    """``/langue/<code>/?next=...``: a page's translation (``language_switch_urls``, given by
    CMS pages), else the current address."""
    request = context.get("request")  # none on the static 500 and 503 pages
    next_url = context.get("language_switch_urls", {}).get(code) or (
        request.get_full_path() if request is not None else "/"
    )
    return f"{reverse('switch-language', args=(code,))}?{urlencode({'next': next_url})}"
