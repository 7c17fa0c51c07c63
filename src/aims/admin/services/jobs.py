"""Admin control of jobs: look, cancel, retry, and reprocess a document in a new job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.domain.cursor import encode_cursor, position_of
from aims.admin.domain.jobs import JobState, Stage, can_cancel, can_retry
from aims.admin.ports import JobTrigger
from aims.admin.public import (
    DocumentNotFound,
    JobConflict,
    JobNotFound,
    JobPage,
    JobView,
)
from aims.admin.repository import documents
from aims.admin.repository import jobs as job_rows
from aims.admin.repository.jobs import JobRecord
from aims.admin.services.audit import note
from aims.admin.services.languages import LanguageChoice
from aims.admin.services.triggers import wake_quietly
from aims.auth.public import ClientInfo, Principal
from aims.kernel.db import Database

Actor = Principal | None
MAX_PAGE = 200


@dataclass(frozen=True)
class JobControl:
    """What an administrator can do to jobs."""

    db: Database
    trigger: JobTrigger
    languages: LanguageChoice

    async def job(self, job_id: UUID) -> JobView:
        """A job's state and progress."""
        async with self.db.autocommit() as session:
            job = await job_rows.get(session, job_id)
        if job is None:
            raise JobNotFound(f"No job {job_id}.")
        return job.view()

    async def jobs(self, state: JobState | None, cursor: str | None, limit: int) -> JobPage:
        """Jobs newest first with their documents' names; `next_cursor` continues."""
        after = position_of(cursor)
        limit = max(1, min(limit, MAX_PAGE))
        async with self.db.autocommit() as session:
            rows = await job_rows.page(session, state=state, after=after, limit=limit + 1)
        items = rows[:limit]
        last = items[-1].job if len(rows) > limit else None
        next_cursor = encode_cursor(last.created_at, last.id) if last else None
        return JobPage(items=tuple(items), next_cursor=next_cursor)

    async def cancel(self, actor: Actor, job_id: UUID, client: ClientInfo | None) -> JobView:
        """A queued job ends now; a running one stops after the pages in progress."""
        async with self.db.transaction() as session:
            job = await _locked(session, job_id)
            if not can_cancel(job.state):
                raise JobConflict(f"The job is {job.state} already.")
            if job.state == JobState.QUEUED:
                changed = await job_rows.change(
                    session,
                    job_id,
                    state=JobState.CANCELLED,
                    stage=Stage.DONE,
                    finished_at=func.now(),
                )
                await documents.mirror_state(session, job_id, JobState.CANCELLED)
            else:
                changed = await job_rows.change(session, job_id, cancel_requested=True)
            await _note(session, "cancel", actor, client, job, f"cancelled a {job.state} job")
        assert changed is not None
        return changed.view()

    async def retry(self, actor: Actor, job_id: UUID, client: ClientInfo | None) -> JobView:
        """Queue a failed or cancelled job again with fresh attempts; done pages are kept."""
        async with self.db.transaction() as session:
            job = await _locked(session, job_id)
            if not can_retry(job.state):
                raise JobConflict(
                    f"Only a failed or cancelled job can be retried; it is {job.state}."
                )
            document = await documents.view(session, job.document_id)
            if document is None or document.job is None or document.job.id != job_id:
                raise JobConflict("The document has a newer job; reprocess it instead.")
            changed = await job_rows.change(
                session,
                job_id,
                state=JobState.QUEUED,
                stage=Stage.WAITING,
                attempt=0,
                recoveries=0,
                cancel_requested=False,
                run_after=None,
                **job_rows.NO_ERROR,
                finished_at=None,
            )
            await documents.mirror_state(session, job_id, JobState.QUEUED)
            await _note(session, "retry", actor, client, job, f"retried a {job.state} job")
        assert changed is not None
        await wake_quietly(self.trigger, job_id)
        return changed.view()

    async def reprocess(
        self, actor: Actor, document_id: UUID, languages: str | None, client: ClientInfo | None
    ) -> JobView:
        """A new job for the document; its result replaces the original when it succeeds."""
        async with self.db.transaction() as session:
            if not await documents.lock_row(session, document_id):
                raise DocumentNotFound(f"No document {document_id}.")
            document = await documents.view(session, document_id)
            assert document is not None
            if document.status.is_active:
                raise JobConflict("The document is queued or being processed already.")
            chosen = await self.languages.choose(languages or document.languages)
            job = await job_rows.create(
                session,
                job_id=uuid.uuid4(),
                document_id=document_id,
                languages=chosen,
                page_total=document.page_count,
                requested_by=actor.user_id if actor else None,
            )
            await documents.follow_job(session, document_id, job.id, JobState.QUEUED, chosen)
            await _note(session, "reprocess", actor, client, job, f"reprocess in {chosen}")
        await wake_quietly(self.trigger, job.id)
        return job.view()


async def _locked(session: AsyncSession, job_id: UUID) -> JobRecord:
    job = await job_rows.get(session, job_id, for_update=True)
    if job is None:
        raise JobNotFound(f"No job {job_id}.")
    return job


async def _note(
    session: AsyncSession,
    action: str,
    actor: Actor,
    client: ClientInfo | None,
    job: JobRecord,
    summary: str,
) -> None:
    document = await documents.stored(session, job.document_id)
    name = document.name if document else None
    await note(
        session,
        action,
        actor,
        client,
        summary=f"{name}: {summary}" if name else summary,
        document_id=job.document_id,
        document_name=name,
        job_id=job.id,
        details={"state": job.state, "pages_done": job.pages_done, "languages": job.languages},
    )
