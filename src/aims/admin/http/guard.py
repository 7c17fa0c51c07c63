"""Every admin route: authenticated (401) and an administrator (403) before anything is read."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from aims.admin.services.access import require_admin
from aims.auth.public import Principal

_STATE_KEY = "aims_admin"


async def admin_only(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Authenticate through the app-wide `principal` dependency and require the admin role;
    runs before the route reads its parameters or body."""
    provide = handler.resolve_dependencies()["principal"]
    principal: Principal = await provide(request=connection)
    require_admin(principal, require_mfa=False)  # the facade also enforces AIMS_ADMIN_REQUIRE_MFA
    connection.scope.setdefault("state", {})[_STATE_KEY] = principal


def provide_admin(request: Request[Any, Any, Any]) -> Principal:
    """The administrator `admin_only` let through."""
    principal: Principal = request.scope["state"][_STATE_KEY]
    return principal
