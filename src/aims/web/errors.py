"""Friendly HTML error pages for browsers; problem documents stay for the API."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.middleware.csrf import generate_csrf_token
from litestar.response import Redirect, Template
from litestar.types import Empty, ExceptionHandlersMap
from litestar.utils.scope.state import ScopeState

from aims.kernel.logging import request_id_var
from aims.web.form_pages import form_page_of
from aims.web.i18n import current_locale
from aims.web.locale import locale_from_headers

API_PREFIXES = ("/api/", "/.well-known/", "/schema", "/health", "/ready", "/metrics")


def wants_html(request: Request[Any, Any, Any]) -> bool:
    """A browser asking for a page or, with htmx, a part of one (not the API, not a JSON
    client)."""
    if request.url.path.startswith(API_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "") or "hx-request" in request.headers


def html_error_page(status: int, request: Request[Any, Any, Any]) -> Template:
    """The error page for `status`, in the request's language."""
    current_locale.set(locale_from_headers(request.headers))
    return Template(
        template_name="errors/error.html",
        context={"status": status, "request_id": request_id_var.get(), "reason": _reason(status)},
        status_code=status,
        headers={"Cache-Control": "no-store"},
        cookies=_csrf_cookie(request),
    )


def _csrf_cookie(request: Request[Any, Any, Any]) -> list[Cookie]:
    """Give the page's forms (language, sign-out) a CSRF token when the error came before the
    CSRF middleware (an unknown path, a refused body): the cookie's, or a new one set here."""
    config = request.app.csrf_config
    state = ScopeState.from_scope(request.scope)
    if config is None or state.csrf_token is not Empty:
        return []
    existing = request.cookies.get(config.cookie_name)
    state.csrf_token = existing or generate_csrf_token(config.secret)
    if existing:
        return []
    cookie = Cookie(
        key=config.cookie_name,
        value=state.csrf_token,
        path=config.cookie_path,
        secure=config.cookie_secure,
        httponly=config.cookie_httponly,
        samesite=config.cookie_samesite,
        domain=config.cookie_domain,
    )
    return [cookie]


def with_html_pages(handlers: ExceptionHandlersMap) -> ExceptionHandlersMap:
    """Wrap each JSON handler so that browsers get a page instead."""
    return {key: _negotiating(handler) for key, handler in handlers.items()}


def _negotiating(json_handler: Any) -> Any:
    def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        problem: Response[Any] = json_handler(request, exc)  # also logs unexpected failures
        if not wants_html(request):
            return problem
        form_page = form_page_of(request.url.path) if request.method == "GET" else None
        if problem.status_code == HTTPStatus.METHOD_NOT_ALLOWED and form_page:
            return Redirect(form_page, status_code=303)
        return html_error_page(problem.status_code or 500, request)

    return handle


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
