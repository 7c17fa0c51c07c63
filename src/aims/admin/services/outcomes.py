"""How a claimed job ends: succeeded, failed (or retried later), cancelled, or handed back."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin import analysis
from aims.admin.adapters.processes import ChildCrashed, ChildOutOfMemory
from aims.admin.domain.jobs import JobState, Stage, attempts_left, retry_delay
from aims.admin.models import outbox
from aims.admin.ports import FileMissing, JobTrigger
from aims.admin.public import DocumentFailed, DocumentProcessed
from aims.admin.repository import analyses, documents, pages
from aims.admin.repository import jobs as job_rows
from aims.admin.repository.documents import StoredDocument
from aims.admin.repository.jobs import JobRecord
from aims.admin.services.triggers import wake_quietly
from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.messages import utcnow

log = logging.getLogger(__name__)

MAX_REASON = 500


class LostClaim(Exception):
    """The job was cancelled, deleted or handed to another worker while this one worked."""


@dataclass
class Run:
    """One worker's claim on a job while it works it."""

    job: JobRecord
    document: StoredDocument
    worker: str
    stop: asyncio.Event = field(default_factory=asyncio.Event)


class PageFailed(Exception):
    """Reading page `number` stopped the attempt; `cause` says how."""

    def __init__(self, number: int, cause: Exception) -> None:
        super().__init__(number, cause)
        self.number = number
        self.cause = cause


@dataclass(frozen=True)
class Failure:
    """Why an attempt failed: a stable `code` (the console translates it), the page, the
    English text the API and the event carry, and whether trying again would change it."""

    code: str
    text: str
    page: int | None = None
    final: bool = False

    def columns(self) -> dict[str, object]:
        """The job row's error columns."""
        return {"error": self.text[:MAX_REASON], "error_code": self.code, "error_page": self.page}


def failure_of(error: BaseException) -> Failure:
    """What an admin reads about a failed attempt, and whether it is worth another."""
    page = error.number if isinstance(error, PageFailed) else None
    cause = error.cause if isinstance(error, PageFailed) else error
    where = f"page {page}" if page else "the document"
    if isinstance(cause, analysis.DocumentRejected):
        text = f"the document cannot be analysed: {cause.message} ({cause.code})"
        return Failure(cause.code, text, page, final=True)
    if isinstance(cause, ChildOutOfMemory):
        text = f"{where} needs more memory than an analysis process may use"
        return Failure("out_of_memory", text, page, final=True)
    if isinstance(cause, ChildCrashed) and cause.culprit:
        text = f"reading {where} stopped the analysis process (too much memory, or damaged)"
        return Failure("reader_stopped", text, page, final=True)
    if isinstance(cause, ChildCrashed):
        return Failure("interrupted", "an analysis process stopped while the file was read")
    if isinstance(cause, FileMissing):
        return Failure("file_missing", "the stored file is missing")
    return Failure("unexpected", f"{type(cause).__name__}: {cause}", page)


@dataclass(frozen=True)
class Outcomes:
    """Writes the end of a run, each in one transaction with its event and state mirror."""

    db: Database
    bus: EventBus
    trigger: JobTrigger
    retry_seconds: float

    async def succeeded(self, run: Run, content: bytes) -> None:
        """Store the new original result and finish the job."""
        digest = hashlib.sha256(content).hexdigest()
        async with self.db.transaction() as session:
            await self._finish(session, run, JobState.SUCCEEDED)
            await analyses.put(
                session,
                document_id=run.document.id,
                version="original",
                content=content,
                sha256=digest,
                job_id=run.job.id,
                created_by=None,
            )
            await pages.drop_other_jobs(session, run.document.id, run.job.id)
            event = DocumentProcessed(
                document_id=run.document.id,
                job_id=run.job.id,
                page_count=run.document.page_count,
                analysis_sha256=digest,
            )
            await self.bus.publish(session, outbox, event)
        log.info("document processed", extra={"job_id": str(run.job.id)})

    async def cancelled(self, run: Run) -> None:
        """The admin's cancel took effect between pages."""
        async with self.db.transaction() as session:
            await self._finish(session, run, JobState.CANCELLED)

    async def attempt_failed(self, run: Run, error: BaseException) -> None:
        """Retry later with backoff, or fail for good (refusals, and pages that stop or
        exhaust an analysis process, are not retried: they would fail the same way)."""
        failure = failure_of(error)
        log.warning(
            "document job attempt failed",
            extra={"job_id": str(run.job.id), "error": failure.text, "code": failure.code},
        )
        if failure.final or not attempts_left(run.job.attempt):
            await self.failed(run.job, run.worker, failure)
            return
        delay = retry_delay(run.job.attempt, self.retry_seconds)
        async with self.db.transaction() as session:
            changed = await job_rows.change_claimed(
                session,
                run.job.id,
                run.worker,
                state=JobState.QUEUED,
                stage=Stage.WAITING,
                run_after=utcnow() + timedelta(seconds=delay),
                **failure.columns(),
            )
            if changed is not None:
                await documents.mirror_state(session, run.job.id, JobState.QUEUED)
        if changed is not None:
            await wake_quietly(self.trigger, run.job.id, delay)

    async def failed(self, job: JobRecord, worker: str, failure: Failure) -> None:
        """Fail the job `worker` holds for good and publish `DocumentFailed`."""
        async with self.db.transaction() as session:
            changed = await job_rows.change_claimed(
                session,
                job.id,
                worker,
                state=JobState.FAILED,
                stage=Stage.DONE,
                finished_at=func.now(),
                **failure.columns(),
            )
            if changed is None:
                return
            await documents.mirror_state(session, job.id, JobState.FAILED)
            event = DocumentFailed(
                document_id=job.document_id,
                job_id=job.id,
                reason=failure.text[:MAX_REASON],
                attempts=changed.attempt,
            )
            await self.bus.publish(session, outbox, event)

    async def handed_back(self, run: Run) -> None:
        """The worker is stopping: the job waits for the next one (the attempt is not used)."""
        async with self.db.transaction() as session:
            changed = await job_rows.change_claimed(
                session,
                run.job.id,
                run.worker,
                state=JobState.QUEUED,
                stage=Stage.WAITING,
                attempt=func.greatest(run.job.attempt - 1, 0),
            )
            if changed is not None:
                await documents.mirror_state(session, run.job.id, JobState.QUEUED)
        if changed is not None:
            await wake_quietly(self.trigger, run.job.id)

    async def _finish(self, session: AsyncSession, run: Run, state: JobState) -> None:
        changed = await job_rows.change_claimed(
            session,
            run.job.id,
            run.worker,
            state=state,
            stage=Stage.DONE,
            finished_at=func.now(),
            **job_rows.NO_ERROR,
        )
        if changed is None:
            raise LostClaim(str(run.job.id))
        await documents.mirror_state(session, run.job.id, state)
