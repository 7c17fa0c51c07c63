"""The shared resources of one process, built once by the composition root."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import procrastinate

from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.jobs import build_job_app, opened
from aims.kernel.kv import KeyValueStore, build_store
from aims.kernel.migrations import head_revisions
from aims.kernel.notify import Listener
from aims.kernel.settings import Settings

log = logging.getLogger(__name__)

WORKER_RESTART_SECONDS = 5.0


@dataclass
class Runtime:
    """Settings, database, key-value store, event bus, notifications and job queue of this
    process."""

    settings: Settings
    db: Database
    store: KeyValueStore
    bus: EventBus
    migration_heads: dict[str, str | None]
    listener: Listener
    job_blueprints: dict[str, procrastinate.Blueprint] = field(default_factory=dict)
    run_worker: bool = False
    jobs: procrastinate.App | None = None

    @classmethod
    def build(cls, settings: Settings, database_url: str, *, run_worker: bool = False) -> Runtime:
        """Wire the resources; nothing connects until the app starts."""
        return cls(
            settings=settings,
            db=Database(database_url, settings),
            store=build_store(settings.redis_url, settings.redis_retry_after_seconds),
            bus=EventBus(),
            migration_heads=head_revisions(),
            listener=Listener(database_url),
            run_worker=run_worker,
        )

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Open the job queue, relay events and (optionally) work jobs while the app serves."""
        self.jobs = build_job_app(self.job_blueprints)
        async with opened(self.jobs, self.db.url):
            tasks = [
                asyncio.create_task(self.bus.run_relay(self.db), name="event-relay"),
                asyncio.create_task(self.listener.run(), name="notifications"),
            ]
            if self.run_worker:
                tasks.append(asyncio.create_task(self._work_jobs(), name="job-worker"))
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        await self.store.close()
        await self.db.dispose()

    async def _work_jobs(self) -> None:
        """Work jobs until cancelled; a worker that fails (database down) starts again."""
        assert self.jobs is not None
        while True:
            try:
                await self.jobs.run_worker_async(
                    concurrency=self.settings.worker_concurrency,
                    install_signal_handlers=False,
                    shutdown_graceful_timeout=30,
                )
                return
            except Exception:
                log.exception("job worker stopped; starting again in %s s", WORKER_RESTART_SECONDS)
                await asyncio.sleep(WORKER_RESTART_SECONDS)
