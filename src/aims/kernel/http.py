"""HTTP plumbing shared by every context: request ids, access log, problem details."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.types import (
    ASGIApp,
    BeforeMessageSendHookHandler,
    ExceptionHandlersMap,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from aims.kernel import metrics
from aims.kernel.db import is_unreachable_error
from aims.kernel.head import allowing_head, requested_method
from aims.kernel.logging import request_id_var, user_id_var
from aims.kernel.messages import AppError

log = logging.getLogger("aims.http")

PROBLEM_MEDIA_TYPE = "application/problem+json"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class ResponseHeaders:
    """The headers of a response being started, changed in place (a light view of the raw
    list: names compared lower-case, values as latin-1)."""

    def __init__(self, message: HTTPResponseStartEvent) -> None:
        self._raw: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
        message["headers"] = self._raw
        self._names = {name.lower() for name, _ in self._raw}

    def __contains__(self, name: str) -> bool:
        return name.lower().encode("latin-1") in self._names

    def __setitem__(self, name: str, value: str) -> None:
        """Set `name` to `value` alone, replacing what was there."""
        key = name.lower().encode("latin-1")
        if key in self._names:
            self._raw[:] = [(n, v) for n, v in self._raw if n.lower() != key]
        self.add(name, value)

    def add(self, name: str, value: str) -> None:
        """Add one more `name` header (e.g. a second Set-Cookie)."""
        key = name.lower().encode("latin-1")
        self._raw.append((key, value.encode("latin-1")))
        self._names.add(key)


class RequestContextMiddleware(ASGIMiddleware):
    """Accept or generate `X-Request-ID`, return it, count the request for /metrics and write
    one access-log line."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        method = requested_method(scope)
        request_id = _request_id(scope)
        token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        started = time.perf_counter()
        status = 500
        in_flight = metrics.started(method) if metrics.counted(scope["path"]) else None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                ResponseHeaders(message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await next_app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template")
            if in_flight is not None:
                in_flight.dec()
                metrics.finished(method, route, status, seconds)
            log.info(
                "request",
                extra={
                    "method": method,
                    "route": route or metrics.UNMATCHED,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
            request_id_var.reset(token)
            user_id_var.reset(user_token)


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            incoming = value.decode("latin-1")
            if _VALID_REQUEST_ID.match(incoming):
                return incoming
            break
    return uuid.uuid4().hex


def on_response_start(
    adjust: Callable[[Scope, ResponseHeaders], None],
) -> BeforeMessageSendHookHandler:
    """An app `before_send` hook that lets `adjust` change the headers of every HTTP response,
    including the 404 of a path no route matches (which route middleware never sees).
    The hook is a coroutine: Litestar would run a plain function in a worker thread."""

    async def hook(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            adjust(scope, ResponseHeaders(message))

    return hook


def problem_response(
    status: int, title: str, detail: str, code: str, **extra: Any
) -> Response[dict[str, Any]]:
    """An RFC 9457 problem document."""
    body: dict[str, Any] = {
        "type": f"https://aims.example/problems/{code.replace('_', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    if request_id_var.get():
        body["request_id"] = request_id_var.get()
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def app_error_handler(_: Request[Any, Any, Any], exc: AppError) -> Response[dict[str, Any]]:
    """A context's own error, as a problem document."""
    extra = {"errors": exc.errors} if exc.errors else {}
    return problem_response(exc.status, exc.title, exc.detail, exc.code, **extra)


def validation_handler(
    _: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    """Request data that failed validation: 422 naming each field."""
    errors = [
        {"field": _field_of(item), "message": str(item.get("message"))}
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict)
    ]
    return problem_response(
        422,
        "Validation failed",
        exc.detail or "The request is not valid.",
        "validation_failed",
        errors=errors,
    )


_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]+)`")


def _field_of(item: dict[str, Any]) -> str:
    """The field a validation message is about; msgspec names unknown fields only in the text."""
    unknown = _UNKNOWN_FIELD.search(str(item.get("message", "")))
    if unknown:
        return unknown.group(1)
    return str(item.get("key") or item.get("source") or "body")


def http_error_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    """Framework HTTP errors (404, 405, 401, ...) as problem documents."""
    if exc.status_code >= 500:
        log.error("server error", exc_info=exc)
    extra = {"errors": exc.extra} if _names_fields(exc.extra) else {}
    response = problem_response(
        exc.status_code, _title(exc.status_code), exc.detail, _code(exc.status_code), **extra
    )
    response.headers.update(allowing_head(exc.headers or {}))
    return response


def _names_fields(extra: object) -> bool:
    """Whether an exception's `extra` is a list of `{"field": ..., "message": ...}`."""
    return (
        bool(extra)
        and isinstance(extra, list)
        and all(isinstance(item, dict) and item.keys() == {"field", "message"} for item in extra)
    )


def database_unavailable_handler(
    _: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    """The database is down or saturated: 503, recoverable without a restart."""
    if not is_unreachable_error(exc):
        return internal_error_handler(_, exc)
    log.warning("database unavailable", extra={"error": type(exc).__name__})
    response = problem_response(
        503,
        "Service unavailable",
        "The database is unavailable; try again shortly.",
        "database_unavailable",
    )
    response.headers["Retry-After"] = "5"
    return response


def internal_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """Anything unexpected: logged with its traceback, answered without one."""
    log.error("unhandled error", exc_info=exc)
    return problem_response(
        500, "Internal server error", "Something went wrong on our side.", "internal_error"
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _code(status: int) -> str:
    return re.sub(r"\W+", "_", _title(status).lower()).strip("_")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    AppError: app_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_error_handler,
    DBAPIError: database_unavailable_handler,
    PoolTimeoutError: database_unavailable_handler,
    ConnectionRefusedError: database_unavailable_handler,
    Exception: internal_error_handler,
}
