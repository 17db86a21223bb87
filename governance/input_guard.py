"""Refuse, with a 400, input that no field of the platform may hold and that the layers below
cannot take: NUL characters (PostgreSQL refuses them in text), unpaired surrogates (not
encodable in UTF-8) and JSON nested deeper than any payload needs (the decoder's recursion).

``RejectForbiddenCharactersMiddleware`` checks the path, the query string, the headers and the
form data of every request; ``JSONParser`` checks the API's JSON bodies.
"""

import codecs
import re
from itertools import accumulate

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# Far deeper than any payload of the API (two or three levels), far below the decoder's limit.
MAX_JSON_DEPTH = 32

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_JSON_BRACKETS = re.compile(r"[\[\]{}]")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def forbidden_character_message(text):
    """Why ``text`` may not be accepted (``None`` when it may)."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return _("The text contains a NUL character (\\0), which is not allowed.")
    return _("The text contains an invalid Unicode character (an unpaired surrogate).")


def _strings_of_request(request):
    yield request.path
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            yield value
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            yield key
            yield from values
        for upload in request.FILES.values():
            yield upload.name or ""


def bad_request(request, message):
    """A 400 that says what was wrong: JSON under /api/, the site's error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class RejectForbiddenCharactersMiddleware:
    """Answer 400 before any view or lookup sees a NUL or an unpaired surrogate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for text in _strings_of_request(request):
            message = forbidden_character_message(text)
            if message:
                return bad_request(request, message)
        return self.get_response(request)


def json_depth(text):
    """How deeply the arrays and objects of the JSON document ``text`` nest, without parsing it."""
    brackets = _JSON_BRACKETS.findall(_JSON_STRING.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def _check_strings(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            message = forbidden_character_message(item)
            if message:
                raise ParseError(message)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing deep nesting before decoding and forbidden characters after."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
            if json_depth(text) > MAX_JSON_DEPTH:
                raise ParseError(
                    _("JSON too deeply nested (at most %(depth)s levels).")
                    % {"depth": MAX_JSON_DEPTH}
                )
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(detail)s") % {"detail": error}) from error
        _check_strings(data)
        return data
