"""The admin context's Litestar plugin: the document API, its jobs, and their upkeep."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

import procrastinate
from litestar import Litestar, Request, Response
from litestar.config.app import AppConfig
from litestar.di import NamedDependency, Provide
from litestar.params import SkipValidation
from litestar.plugins import InitPluginProtocol

from aims.admin.adapters.queue import ProcrastinateTrigger
from aims.admin.bootstrap import DocumentParts, build_documents
from aims.admin.http.routes import admin_router
from aims.admin.models import outbox
from aims.admin.public import DocumentsFacade, DuplicateDocument, UsersFacade
from aims.admin.services.users import UserAdministration
from aims.auth.public import AuthFacade, Unauthenticated
from aims.kernel.http import app_error_handler
from aims.kernel.openapi import document_dependency
from aims.kernel.runtime import Runtime
from aims.profiles.public import ProfilesFacade

log = logging.getLogger(__name__)

AuthFacadeDep = NamedDependency[SkipValidation[AuthFacade]]
ProfilesDep = NamedDependency[SkipValidation[ProfilesFacade]]

RECOVER_CRON = "* * * * *"
SWEEP_CRON = "41 * * * *"
METRICS_SECONDS = 15.0


class AdminPlugin(InitPluginProtocol):
    """Mounts the admin context into the app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        trigger = ProcrastinateTrigger(lambda: runtime.jobs)
        self.parts: DocumentParts = build_documents(
            runtime.settings, runtime.db, runtime.bus, trigger
        )
        self._users: UsersFacade | None = None

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        self.runtime.bus.add_outbox(outbox)
        self.runtime.job_blueprints["admin"] = document_jobs(self.parts)
        facade: DocumentsFacade = self.parts.service  # mypy checks the contract is kept
        settings = self.runtime.settings
        app_config.route_handlers.append(
            admin_router(settings.document_max_bytes, require_mfa=settings.admin_require_mfa)
        )
        app_config.dependencies["documents"] = Provide(
            lambda: facade, use_cache=True, sync_to_thread=False
        )
        app_config.dependencies["users"] = Provide(
            self._user_administration, use_cache=True, sync_to_thread=False
        )
        document_dependency(app_config, "admin", Unauthenticated, 503, bearer=True)
        document_dependency(app_config, "documents", 503)
        document_dependency(app_config, "users", 503)
        app_config.exception_handlers[DuplicateDocument] = _duplicate
        app_config.lifespan.append(self._lifespan)
        app_config.on_shutdown.append(self._stop_processes)
        return app_config

    def _user_administration(
        self, auth_facade: AuthFacadeDep, profiles: ProfilesDep
    ) -> UsersFacade:
        """User administration over the other contexts' facades (built once, then cached)."""
        if self._users is None:
            self._users = UserAdministration(auth_facade, profiles, self.parts.service)
        return self._users

    @asynccontextmanager
    async def _lifespan(self, _: Litestar) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(self._refresh_metrics(), name="document-metrics")]
        if self.runtime.worker is not None:
            tasks.append(asyncio.create_task(self._recover_at_start(), name="document-recovery"))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _refresh_metrics(self) -> None:
        while True:
            with contextlib.suppress(Exception):  # the database may be down; try again later
                await self.parts.maintenance.refresh_metrics()
            await asyncio.sleep(METRICS_SECONDS)

    async def _recover_at_start(self) -> None:
        """A starting worker takes back jobs a dead one left (the periodic job does too)."""
        try:
            await self.parts.maintenance.recover_jobs()
        except Exception:
            log.warning("document job recovery at start failed; the periodic job retries")

    async def _stop_processes(self, _: Litestar) -> None:
        self.parts.close()


def document_jobs(parts: DocumentParts) -> procrastinate.Blueprint:
    """The admin tasks: work a document job; recover stalled jobs; sweep unused files."""
    jobs = procrastinate.Blueprint()

    @jobs.task(name="process_document")
    async def process_document(job_id: str) -> None:
        await parts.processor.process(UUID(job_id))

    @jobs.periodic(cron=RECOVER_CRON, periodic_id="recover_jobs")
    @jobs.task(name="recover_jobs", queueing_lock="admin.recover_jobs")
    async def recover_jobs(timestamp: int) -> None:
        await parts.maintenance.recover_jobs()

    @jobs.periodic(cron=SWEEP_CRON, periodic_id="sweep_files")
    @jobs.task(name="sweep_files", queueing_lock="admin.sweep_files")
    async def sweep_files(timestamp: int) -> None:
        await parts.maintenance.sweep_files()

    return jobs


def _duplicate(request: Request[Any, Any, Any], exc: DuplicateDocument) -> Response[Any]:
    response = app_error_handler(request, exc)
    assert isinstance(response.content, dict)
    response.content["document_id"] = str(exc.document_id)
    return response
