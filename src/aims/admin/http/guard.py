"""Every admin route: authenticated (401) and an administrator (403) before anything is read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from aims.admin.services.access import require_admin
from aims.auth.public import Principal

_STATE_KEY = "aims_admin"

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def admin_only(*, require_mfa: bool) -> Guard:
    """A guard that authenticates through the app-wide `principal` dependency and requires an
    administrator (signed in with a second factor when AIMS_ADMIN_REQUIRE_MFA); it runs
    before the route reads its parameters or body."""

    async def guard(
        connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        provide = handler.resolve_dependencies()["principal"]
        principal: Principal = await provide(request=connection)
        require_admin(principal, require_mfa=require_mfa)
        connection.scope.setdefault("state", {})[_STATE_KEY] = principal

    return guard


def provide_admin(request: Request[Any, Any, Any]) -> Principal:
    """The administrator `admin_only` let through."""
    principal: Principal = request.scope["state"][_STATE_KEY]
    return principal
