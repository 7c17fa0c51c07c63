"""The edge of the app: bounds and text checks every request passes before any handler sees it.

One rule for every string a client sends, wherever it travels (path, query string, headers,
form or JSON body): it is UTF-8 text with no NUL and no lone surrogate. Bodies are bounded in
bytes, JSON in depth, headers in size. What breaks the rule is answered 400 (431 for headers),
never a 500 from a parser, a file system or the database further in.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

import msgspec
from litestar import Request
from litestar.datastructures import FormMultiDict
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
"""The default bound of a request body; a route that takes more (an upload) raises its own."""
MAX_JSON_DEPTH = 32
MAX_URL_BYTES = 8 * 1024
MAX_HEADER_BYTES = 8 * 1024
MAX_HEADERS_BYTES = 32 * 1024

_UNSAFE_CHARACTER = re.compile("[\x00\ud800-\udfff]")
_UNSAFE_HEADER_BYTE = re.compile(b"[\x00\r\n]")
_FIELD_PATH = re.compile(r"at `\$\.([^`]+)`")


class MalformedRequest(ClientException):
    """The request is not well-formed text: bad UTF-8, a NUL, a lone surrogate, too deep."""


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
    """Refuse a string holding NUL or a lone surrogate (no database or file name takes them)."""
    if _UNSAFE_CHARACTER.search(text):
        raise MalformedRequest(f"The {where} contains a character that is not allowed.")


def require_clean_json(value: Any) -> None:
    """Refuse JSON nested deeper than `MAX_JSON_DEPTH` or holding an unclean string anywhere."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            require_clean_text(item, "JSON body")
        elif isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise MalformedRequest(f"The JSON body is nested deeper than {MAX_JSON_DEPTH}.")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


def require_clean_encoded(raw: bytes, where: str) -> None:
    """Refuse percent-encoded text (a query string, a form) that is not clean UTF-8."""
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest(f"The {where} is not valid UTF-8.") from None
    require_clean_text(text, where)


class EdgeRequest(Request[Any, Any, Any]):
    """The app's request class: form and JSON bodies are checked as they are read."""

    async def form(self) -> FormMultiDict:
        """The form (as the CSRF check reads it, multipart too); its text must be clean."""
        try:
            form = await super().form()
        except UnicodeDecodeError:
            raise MalformedRequest("The form is not valid UTF-8.") from None
        for name, value in form.multi_items():
            require_clean_text(name, "form")
            if isinstance(value, str):
                require_clean_text(value, "form")
        return form

    async def body(self) -> bytes:
        """The body; a URL-encoded form must be clean UTF-8 text."""
        body = await super().body()
        if self.content_type[0] == RequestEncodingType.URL_ENCODED:
            require_clean_encoded(body, "form")
        return body

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
