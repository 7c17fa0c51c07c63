"""The document service for the operator's command line (`aims docs upload|list|show|export`).

It opens the same database and file store as `aims run`; the work itself is done
by whichever worker (`aims run` or `aims worker`) takes the queued job.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aims.admin.adapters.queue import ProcrastinateTrigger
from aims.admin.bootstrap import build_documents
from aims.admin.public import DocumentsFacade
from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.jobs import build_job_app, opened
from aims.kernel.settings import Settings


@asynccontextmanager
async def documents_for_operator(
    settings: Settings, database_url: str
) -> AsyncIterator[DocumentsFacade]:
    """The document service on the app's database and store, closed on exit."""
    db = Database(database_url, settings)
    queue = build_job_app({})
    try:
        async with opened(queue, database_url):
            parts = build_documents(settings, db, EventBus(), ProcrastinateTrigger(lambda: queue))
            try:
                yield parts.service
            finally:
                parts.close()
    finally:
        await db.dispose()
