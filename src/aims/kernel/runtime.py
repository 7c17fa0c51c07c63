"""The shared resources of one process, built once by the composition root."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import procrastinate

from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.jobs import bind_blueprints, build_job_app, opened
from aims.kernel.kv import KeyValueStore, build_store
from aims.kernel.migrations import head_revisions
from aims.kernel.notify import Listener
from aims.kernel.settings import Settings
from aims.kernel.worker import KERNEL_NAMESPACE, JobWorker, kernel_jobs


@dataclass
class Runtime:
    """Settings, database, key-value store, event bus, notifications and job queue of this
    process."""

    settings: Settings
    db: Database
    store: KeyValueStore
    bus: EventBus
    migration_heads: dict[str, str | None]
    jobs: procrastinate.App
    """The job queue: defer with `jobs.configure_task(name, ...)`; open while the app runs."""
    listener: Listener
    job_blueprints: dict[str, procrastinate.Blueprint] = field(default_factory=dict)
    """Each context's tasks, by namespace; bound to `jobs` when the app starts."""
    worker: JobWorker | None = None

    @classmethod
    def build(cls, settings: Settings, database_url: str, *, run_worker: bool = False) -> Runtime:
        """Wire the resources; nothing connects until the app starts."""
        jobs = build_job_app({})
        return cls(
            settings=settings,
            db=Database(database_url, settings),
            store=build_store(settings.redis_url, settings.redis_retry_after_seconds),
            bus=EventBus(),
            migration_heads=head_revisions(),
            jobs=jobs,
            job_blueprints={KERNEL_NAMESPACE: kernel_jobs()},
            worker=JobWorker(jobs, settings.worker_concurrency) if run_worker else None,
            listener=Listener(database_url),
        )

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Open the job queue, relay events and (optionally) work jobs while the app serves."""
        bind_blueprints(self.jobs, self.job_blueprints)
        async with opened(self.jobs, self.db.url):
            tasks = [
                asyncio.create_task(self.bus.run_relay(self.db), name="event-relay"),
                asyncio.create_task(self.listener.run(), name="notifications"),
            ]
            if self.worker is not None:
                tasks.append(asyncio.create_task(self.worker.run(), name="job-worker"))
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        await self.store.close()
        await self.db.dispose()
