"""The document service for the operator's command line (`aims docs upload|list|show|export`).

It opens the same database and file store as `aims run`; the work itself is done
by whichever worker (`aims run` or `aims worker`) takes the queued job.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from aims.admin.adapters.queue import ProcrastinateTrigger
from aims.admin.bootstrap import build_documents
from aims.admin.public import DocumentsFacade
from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.jobs import build_job_app, opened
from aims.kernel.settings import Settings


class QueueOnDemand:
    """The command line's `JobTrigger`: the job queue is opened only to queue a job, so
    reading commands never touch it. It does not list triggers (maintenance runs in the
    workers)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    async def wake(self, job_id: UUID, delay_seconds: float = 0.0) -> None:
        """Queue the job's task."""
        queue = build_job_app({})
        async with opened(queue, self.database_url):
            await ProcrastinateTrigger(lambda: queue).wake(job_id, delay_seconds)

    async def pending(self) -> set[UUID]:
        """Not known here (maintenance runs in the workers)."""
        return set()


@asynccontextmanager
async def documents_for_operator(
    settings: Settings, database_url: str
) -> AsyncIterator[DocumentsFacade]:
    """The document service on the app's database and store, closed on exit."""
    db = Database(database_url, settings)
    parts = build_documents(
        settings, db, EventBus(), QueueOnDemand(database_url), inspect_in_threads=True
    )
    try:
        yield parts.service
    finally:
        parts.close()
        await db.dispose()
