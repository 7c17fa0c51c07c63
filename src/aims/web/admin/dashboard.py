"""The console's start page: accounts, documents, the queue, failures and health, kept live."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Template

from aims.kernel.ops import readiness
from aims.kernel.runtime import Runtime
from aims.web.admin.deps import Users
from aims.web.admin.guards import Console
from aims.web.display import start_of_today

REFRESH_SECONDS = 5
"""How often the open dashboard asks for fresh figures."""


class DashboardPages(Controller):
    """/admin: the dashboard, and the fragment that refreshes it."""

    include_in_schema = False

    @get("/")
    async def dashboard(
        self, console: Console, users: Users, runtime: NamedDependency[Runtime]
    ) -> Template:
        """The state of the system at a glance."""
        figures = await _figures(console, users, runtime)
        return console.page("admin/dashboard.html", **figures)

    @get("/dashboard/figures")
    async def figures(
        self, console: Console, users: Users, runtime: NamedDependency[Runtime]
    ) -> Template:
        """The figures alone, for htmx to swap in every few seconds."""
        figures = await _figures(console, users, runtime)
        return console.page("admin/_dashboard_figures.html", **figures)


async def _figures(console: Console, users: Users, runtime: Runtime) -> dict[str, Any]:
    stats = await users.stats(console.user, start_of_today(console.timezone))
    health = await readiness(runtime)
    return {"stats": stats, "health": health, "refresh_seconds": REFRESH_SECONDS}
