"""Choose each request's language before any handler or error page runs."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from aims.web.i18n import LOCALE_COOKIE, current_locale, negotiate


def locale_from_headers(headers: Headers) -> str:
    """The switcher's cookie, else the best `Accept-Language` match, else the default."""
    try:
        cookies = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        cookies = SimpleCookie()
    cookie = cookies[LOCALE_COOKIE].value if LOCALE_COOKIE in cookies else None
    return negotiate(None, cookie, headers.get("accept-language"))


class LocaleMiddleware(ASGIMiddleware):
    """Sets the request's locale; pages of a signed-in user override it with the profile's."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = current_locale.set(locale_from_headers(Headers.from_scope(scope)))
        try:
            await next_app(scope, receive, send)
        finally:
            current_locale.reset(token)
