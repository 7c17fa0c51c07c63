"""Periodic care: jobs whose worker died go back to the queue; unused files go away."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func

from aims.admin.adapters.spool import Spool
from aims.admin.domain.files import EXPORTS, ORIGINALS, PAGE_IMAGES, sha_of_key
from aims.admin.domain.jobs import MAX_RECOVERIES, JobState, Stage
from aims.admin.metrics import JOBS, QUEUE_DEPTH
from aims.admin.ports import FileStorage, JobTrigger, StoredEntry
from aims.admin.repository import audit as audit_rows
from aims.admin.repository import documents
from aims.admin.repository import jobs as job_rows
from aims.admin.services.files import FileKeeper
from aims.admin.services.outcomes import Failure, Outcomes
from aims.admin.services.triggers import wake_quietly
from aims.kernel.db import Database
from aims.kernel.messages import utcnow

log = logging.getLogger(__name__)

FILE_GRACE = timedelta(hours=1)
"""A stored file younger than this is never swept (its upload may still be committing)."""

LOST_TRIGGER_SECONDS = 120
"""A queued, due job waiting this long with no trigger gets a new one."""


@dataclass(frozen=True)
class Maintenance:
    """The periodic jobs of the document service."""

    db: Database
    storage: FileStorage
    spool: Spool
    files: FileKeeper
    trigger: JobTrigger
    outcomes: Outcomes
    stalled_seconds: int
    audit_retention_days: int

    async def recover_jobs(self) -> list[str]:
        """Hand running jobs whose worker went silent back to the queue (or fail one that
        keeps losing its worker), and wake queued jobs whose trigger is gone."""
        recovered, given_up = [], []
        async with self.db.transaction() as session:
            for job in await job_rows.stalled(session, self.stalled_seconds):
                if job.recoveries + 1 >= MAX_RECOVERIES:
                    given_up.append(job)
                    continue
                await job_rows.change(
                    session,
                    job.id,
                    state=JobState.QUEUED,
                    stage=Stage.WAITING,
                    recoveries=job.recoveries + 1,
                    attempt=func.greatest(job.attempt - 1, 0),
                    **Failure(
                        "worker_stopped",
                        f"its worker {job.worker} stopped after {job.pages_done} pages",
                    ).columns(),
                )
                await documents.mirror_state(session, job.id, JobState.QUEUED)
                recovered.append(job.id)
        for job in given_up:
            failure = Failure("workers_lost", f"its worker stopped {MAX_RECOVERIES} times")
            await self.outcomes.failed(job, job.worker or "", failure)
        for job_id in recovered:
            log.warning("document job handed back to the queue", extra={"job_id": str(job_id)})
            await wake_quietly(self.trigger, job_id)
        await self._wake_forgotten()
        return [str(job_id) for job_id in recovered]

    async def _wake_forgotten(self) -> None:
        async with self.db.autocommit() as session:
            due = await job_rows.due(session, LOST_TRIGGER_SECONDS)
        pending = await self.trigger.pending() if due else set()
        for job_id in set(due) - pending:
            await wake_quietly(self.trigger, job_id)

    async def sweep_files(self) -> int:
        """Remove abandoned uploads, files no row refers to, and audit records past
        retention; how many files went."""
        removed = await self.spool.sweep(FILE_GRACE.total_seconds())
        cutoff = utcnow() - FILE_GRACE
        originals = _hashes(await self.storage.entries(ORIGINALS), cutoff)
        originals |= _hashes(await self.storage.entries(PAGE_IMAGES), cutoff)
        async with self.db.autocommit() as session:
            unused = originals - await documents.in_use(session, originals)
        for sha256 in unused:
            removed += await self.files.release_original(sha256)
        await self.files.release_exports(_hashes(await self.storage.entries(EXPORTS), cutoff))
        async with self.db.transaction() as session:
            retention = utcnow() - timedelta(days=self.audit_retention_days)
            await audit_rows.purge_before(session, retention)
        return removed

    async def refresh_metrics(self) -> None:
        """Set the jobs-by-state and queue-depth gauges from the database."""
        async with self.db.autocommit() as session:
            counts = await job_rows.count_by_state(session)
        for state in JobState:
            JOBS.labels(state.value).set(counts.get(state.value, 0))
        QUEUE_DEPTH.set(counts["due"])


def _hashes(entries: list[StoredEntry], cutoff: datetime) -> set[str]:
    return {
        sha256
        for entry in entries
        if entry.modified_at < cutoff and (sha256 := sha_of_key(entry.key)) is not None
    }
