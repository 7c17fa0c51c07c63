"""The edge of the app: bounds and text checks every request passes before any handler sees it.

One rule for every string a client sends, wherever it travels (path, query string, headers,
form or JSON body): it is UTF-8 text with no NUL and no lone surrogate. Bodies are bounded in
bytes, JSON in depth, headers in size. What breaks the rule is answered 400 (431 for headers),
never a 500 from a parser, a file system or the database further in; a field of a form or JSON
body that holds such a character is named in the answer (`errors`). A form whose struct says
it `reports_unstorable_text` receives the field instead and shows the problem on the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

import msgspec
from litestar import Request
from litestar.datastructures import FormMultiDict
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from aims.kernel.text import unstorable

MAX_BODY_BYTES = 64 * 1024
"""The default bound of a request body; a route that takes more (an upload) raises its own."""
MAX_JSON_DEPTH = 32
MAX_URL_BYTES = 8 * 1024
MAX_HEADER_BYTES = 8 * 1024
MAX_HEADERS_BYTES = 32 * 1024
MAX_FIELD_NAME_SHOWN = 100
REPORTS_UNSTORABLE_TEXT = "reports_unstorable_text"
"""A form struct's class attribute, or a route's `opt` key: when true, the route's handler
reports a form field holding unstorable text itself (the edge lets the field through)."""

_UNSAFE_HEADER_BYTE = re.compile(b"[\x00\r\n]")
_FIELD_PATH = re.compile(r"at `\$\.([^`]+)`")


class MalformedRequest(ClientException):
    """The request is not well-formed text: bad UTF-8, a NUL, a lone surrogate, too deep."""


class UnstorableField(MalformedRequest):
    """A field of a form or JSON body holds a NUL or a lone surrogate; the answer names it."""

    def __init__(self, field: str, where: str) -> None:
        field = field[:MAX_FIELD_NAME_SHOWN]
        problem = "contains a character that cannot be stored (NUL or a lone surrogate)"
        super().__init__(
            f"The {where} field `{field}` {problem}.",
            extra=[{"field": field, "message": problem}],
        )


class UrlTooLong(HTTPException):
    """The path and query string together are longer than the edge allows."""

    status_code = 414
    detail = "URI too long"


class NotJson(HTTPException):
    """A route that reads JSON was sent a body of another media type."""

    status_code = 415
    detail = "Send the body as application/json."


class HeadersTooLarge(HTTPException):
    """A header, or all of them together, is larger than the edge allows."""

    status_code = 431
    detail = "Request header fields too large"


def require_clean_text(text: str, where: str) -> None:
    """Refuse a string holding NUL or a lone surrogate."""
    if unstorable(text):
        raise MalformedRequest(f"The {where} contains a character that is not allowed.")


def require_clean_json(value: Any) -> None:
    """Refuse JSON nested deeper than `MAX_JSON_DEPTH` or holding an unclean string anywhere
    (naming the field, as `a.b[0]`, whose key or text it is)."""
    pending: list[tuple[Any, int, str]] = [(value, 0, "")]
    while pending:
        item, depth, path = pending.pop()
        if isinstance(item, str):
            if unstorable(item):
                raise UnstorableField(path or "body", "JSON body")
        elif isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise MalformedRequest(f"The JSON body is nested deeper than {MAX_JSON_DEPTH}.")
            pending.extend((child, depth + 1, where) for where, child in _children(item, path))


def _children(item: dict[Any, Any] | list[Any], path: str) -> Iterable[tuple[str, Any]]:
    """Each key and value of a JSON object, or each item of an array, with its path."""
    if isinstance(item, list):
        return ((f"{path}[{index}]", child) for index, child in enumerate(item))
    prefix = f"{path}." if path else ""
    keys = ((path or "body", key) for key in item)
    return [*keys, *((f"{prefix}{key}", child) for key, child in item.items())]


def require_clean_encoded(raw: bytes, where: str) -> None:
    """Refuse percent-encoded text (a query string, a form) that is not clean UTF-8."""
    require_clean_text(_decoded(raw, where), where)


def require_clean_form(pairs: Iterable[tuple[str, Any]], *, reported_by_form: bool) -> None:
    """Refuse a form field whose name, or text value, is unclean (naming the field); a value
    passes when the form `reported_by_form` its unstorable text itself."""
    for name, value in pairs:
        require_clean_text(name, "form")
        if isinstance(value, str) and not reported_by_form and unstorable(value):
            raise UnstorableField(name, "form")


def form_pairs(raw: bytes) -> list[tuple[str, str]]:
    """The names and values of a URL-encoded form; 400 when one is not UTF-8."""
    pairs = (item.partition(b"=") for item in raw.split(b"&") if item)
    return [(_decoded(name, "form"), _decoded(value, "form")) for name, _, value in pairs]


def _decoded(raw: bytes, where: str) -> str:
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest(f"The {where} is not valid UTF-8.") from None


class EdgeRequest(Request[Any, Any, Any]):
    """The app's request class: form and JSON bodies are checked as they are read."""

    async def form(self) -> FormMultiDict:
        """The form (as the CSRF check reads it, multipart too); its text must be clean."""
        try:
            form = await super().form()
        except UnicodeDecodeError:
            raise MalformedRequest("The form is not valid UTF-8.") from None
        require_clean_form(form.multi_items(), reported_by_form=self._form_reports_its_text())
        return form

    async def body(self) -> bytes:
        """The body; a URL-encoded form must be clean UTF-8 text."""
        body = await super().body()
        if self.content_type[0] == RequestEncodingType.URL_ENCODED:
            pairs = form_pairs(body)
            require_clean_form(pairs, reported_by_form=self._form_reports_its_text())
        return body

    def _form_reports_its_text(self) -> bool:
        """Whether the route (or its form struct) shows an unstorable field on the form."""
        handler = self.route_handler
        if handler.opt.get(REPORTS_UNSTORABLE_TEXT) is True:
            return True
        data = handler.parsed_fn_signature.parameters.get("data")
        return data is not None and getattr(data.annotation, REPORTS_UNSTORABLE_TEXT, False) is True

    async def json(self) -> Any:
        """The decoded JSON body, refused when it is not declared JSON (415: a cross-site
        `text/plain` form cannot pass for JSON), malformed, too deep or unclean."""
        require_json_media_type(self.content_type[0], await super().body())
        try:
            value = await super().json()
        except RecursionError:
            raise MalformedRequest("The JSON body is nested too deeply.") from None
        except UnicodeDecodeError:
            raise MalformedRequest("The JSON body is not valid UTF-8.") from None
        require_clean_json(value)
        self._require_json_types(value)
        return value

    def _require_json_types(self, value: Any) -> None:
        """The body holds the JSON types its route declares: `0` is not `false`, nor `"2"` a
        number (the framework converts leniently, as a query string needs, not a body)."""
        data = self.route_handler.parsed_fn_signature.parameters.get("data")
        if data is None:
            return
        try:
            msgspec.convert(value, type=data.annotation, strict=True)
        except msgspec.ValidationError as error:
            field = _FIELD_PATH.search(str(error))
            raise ValidationException(
                str(error), extra=[{"message": str(error), "key": field[1] if field else "body"}]
            ) from None


class EdgeGuardMiddleware(ASGIMiddleware):
    """Refuse a request whose path, query string or headers break the edge's rules."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogatepass")
        query = scope.get("query_string", b"")
        if len(path) + len(query) > MAX_URL_BYTES:
            raise UrlTooLong
        check_headers(scope["headers"])
        require_clean_encoded(path, "path")
        require_clean_encoded(query, "query string")
        await next_app(scope, receive, send)


def require_json_media_type(media_type: str, body: bytes) -> None:
    """A body read as JSON must be declared JSON (`application/json` or `application/*+json`);
    415 otherwise."""
    declared = media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )
    if body and not declared:
        raise NotJson


def check_headers(headers: Any) -> None:
    """Headers are bounded in size and carry no NUL or line break."""
    total = 0
    for name, value in headers:
        size = len(name) + len(value)
        total += size
        if size > MAX_HEADER_BYTES or total > MAX_HEADERS_BYTES:
            raise HeadersTooLarge
        if _UNSAFE_HEADER_BYTE.search(value):
            raise MalformedRequest("A request header contains a character that is not allowed.")
