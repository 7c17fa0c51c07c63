"""The console's start page."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from aims.web.admin.guards import Console


class DashboardPages(Controller):
    """/admin: the dashboard."""

    include_in_schema = False

    @get("/")
    async def dashboard(self, console: Console) -> Template:
        """The state of the system at a glance."""
        return console.page("admin/dashboard.html")
