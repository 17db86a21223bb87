"""Turn a comment's plain text into safe HTML: escaped, line breaks kept, http(s) links only.

Nothing a citizen types becomes markup: every character is escaped first, then only web
addresses become links, marked ``nofollow ugc`` so the site lends them no search ranking.
"""

import re
import threading
from collections import OrderedDict

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


class Fragments:
    """A bounded memo of rendered HTML in this process, keyed by everything the HTML shows.

    A key that holds every shown value cannot go stale (a vote, an edit or a moderation makes
    a new key), so nothing needs invalidating: the least recently used fragments make room."""

    def __init__(self, size):
        self._size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key, render):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        html = render()
        with self._lock:
            self._items[key] = html
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return html

    def clear(self):
        with self._lock:
            self._items.clear()
