"""A comment is plain text: escaped, line breaks kept, http(s) addresses linked nofollow ugc."""

import pytest
from django.utils.text import normalize_newlines
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.comments.rendering import LINK_TEXT_LIMIT, _urlize, render_comment_body


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("<a href='javascript:alert(1)'>x</a>", "<a href='javascript"),
        ('"><svg onload=alert(1)>', "<svg"),
        ("<b>bold</b>", "<b>"),
    ],
)
def test_html_is_escaped_never_executable(text, forbidden):
    html = render_comment_body(text)
    assert forbidden not in html
    assert "&lt;" in html


def test_script_is_shown_as_text():
    assert render_comment_body("<script>alert(1)</script>") == (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    )


def test_line_breaks_are_kept():
    assert render_comment_body("one\ntwo\r\nthree") == "one<br>two<br>three"


def test_http_addresses_become_nofollow_ugc_links():
    html = render_comment_body("Voir https://example.org/rapport?a=1&b=2.")
    assert html == (
        'Voir <a href="https://example.org/rapport?a=1&amp;b=2" rel="nofollow ugc">'
        "https://example.org/rapport?a=1&amp;b=2</a>."
    )


@pytest.mark.parametrize(
    "text", ["www.example.org", "example.com", "a@b.fr", "javascript:alert(1)", "ftp://x.org"]
)
def test_only_explicit_http_addresses_are_linked(text):
    assert "<a " not in render_comment_body(text)


def test_quotes_cannot_break_out_of_a_link():
    html = render_comment_body('https://example.org/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html
    assert "&quot;onmouseover=&quot;" in html


def test_long_addresses_are_shortened_in_the_link_text():
    url = "https://example.org/" + "a" * 200
    html = render_comment_body(url)
    assert f'href="{url}"' in html
    assert "…</a>" in html


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")).filter(lambda t: "http" not in t.lower()))
def test_text_without_an_address_renders_as_the_urlizer_would(text):
    """The short path for text with no address gives the urlizer's very answer."""
    expected = _urlize(normalize_newlines(text), trim_url_limit=LINK_TEXT_LIMIT, autoescape=True)
    assert render_comment_body(text) == expected.replace("\n", "<br>")
