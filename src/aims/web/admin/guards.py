"""Who may enter the console: signed-in administrators (with a second factor when required).

A router guard runs before every /admin route, so a route cannot forget it: an anonymous
visitor is sent to sign in and brought back, a signed-in non-administrator gets the 403
page, and with AIMS_ADMIN_REQUIRE_MFA an administrator without TOTP is sent to set it up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.params import SkipValidation
from litestar.response import Redirect

from aims.auth.public import Role
from aims.web.account_security import SECURITY
from aims.web.guards import Visit
from aims.web.notices import with_notice

_STATE_KEY = "aims_console"

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]
Console = NamedDependency[SkipValidation[Visit]]
"""The administrator's visit, as the guard let it through (parameter name `console`)."""


class MfaSetupRequired(Exception):
    """An administrator without a second factor asked for the console while MFA is required."""


def console_only(*, require_mfa: bool) -> Guard:
    """The guard of every /admin route."""

    async def guard(
        connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        visit = await _visit_of(connection, handler)
        user = visit.user  # anonymous: SignInRequired, answered by a redirect to sign in
        if not user.has_role(Role.ADMIN):
            raise PermissionDeniedException("The console is for administrators.")
        if require_mfa and not user.mfa_enabled:
            raise MfaSetupRequired
        connection.scope.setdefault("state", {})[_STATE_KEY] = visit

    return guard


async def _visit_of(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> Visit:
    """The request's visit, built by the app-wide `visit` dependency and its own ones."""
    provide = handler.resolve_dependencies()
    visit: Visit = await provide["visit"](
        request=connection,
        auth_facade=await provide["auth_facade"](),
        profiles=await provide["profiles"](),
        client=await provide["client"](request=connection),
    )
    return visit


def provide_console(request: Request[Any, Any, Any]) -> Visit:
    """The visit `console_only` let through."""
    visit: Visit = request.scope["state"][_STATE_KEY]
    return visit


def to_mfa_setup(_: Request[Any, Any, Any], __: MfaSetupRequired) -> Response[Any]:
    """Send an administrator without TOTP to the page where it is turned on."""
    return Redirect(with_notice(SECURITY, "admin_mfa_required"), status_code=303)
