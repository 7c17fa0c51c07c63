"""The console's route table: every controller here is mounted under /admin behind the guard.

To add console pages, write a Litestar `Controller` whose paths are relative to /admin (for
example `path = "/documents"`), take the administrator's visit as `console: Console`
(`aims.web.admin.guards`), render templates that extend `admin/base.html`, and append the
controller to `ADMIN_ROUTE_HANDLERS` below. The guard, the navigation entry and the test that
walks every console route as a non-administrator then apply to it without further wiring.
"""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide
from litestar.types import ControllerRouterHandler

from aims.web.admin.audit import AuditPages
from aims.web.admin.dashboard import DashboardPages
from aims.web.admin.guards import console_only, provide_console
from aims.web.admin.navigation import CONSOLE
from aims.web.admin.user_actions import UserActionPages
from aims.web.admin.users import UserPages

ADMIN_ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    DashboardPages,
    UserPages,
    UserActionPages,
    AuditPages,
]
"""The console's controllers (paths relative to /admin)."""


def console_router(*, require_mfa: bool) -> Router:
    """Everything under /admin, behind `console_only`."""
    return Router(
        path=CONSOLE,
        guards=[console_only(require_mfa=require_mfa)],
        dependencies={"console": Provide(provide_console, sync_to_thread=False)},
        route_handlers=list(ADMIN_ROUTE_HANDLERS),
        include_in_schema=False,
    )
