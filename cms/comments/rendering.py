"""Turn a comment's plain text into safe HTML: escaped, line breaks kept, http(s) links only.

Nothing a citizen types becomes markup: every character is escaped first, then only web
addresses become links, marked ``nofollow ugc`` so the site lends them no search ranking.
"""

import re

from django.utils.html import Urlizer, escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

LINK_TEXT_LIMIT = 60
# Messages about a comment carry this tag: the consultation page shows them next to the comment
# (or atop the comments), where the redirect after posting lands, not at the top of the page.
COMMENT_MESSAGE_TAG = "on-comment"


class _HttpLinksOnly(Urlizer):
    """Django's urlizer, limited to explicit http(s) addresses (no bare domains, no mailto)."""

    simple_url_2_re = re.compile(r"(?!)")
    url_template = '<a href="{href}" rel="nofollow ugc">{url}</a>'

    def is_email_simple(self, value):
        return False


_urlize = _HttpLinksOnly()


def render_comment_body(text):
    """Safe HTML for ``text``: escaped, ``<br>`` for line breaks, links for http(s) URLs.

    Most comments hold no address: those are only escaped, which is what the urlizer would
    make of them at a tenth of the cost (a consultation page shows a few hundred comments)."""
    text = normalize_newlines(text)
    if "http" in text.lower():
        html = _urlize(text, trim_url_limit=LINK_TEXT_LIMIT, autoescape=True)
    else:
        html = escape(text)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 (every piece escaped above)
