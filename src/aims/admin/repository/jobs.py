"""SQL of processing jobs: creation, the worker's claim and heartbeat, state changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.domain.jobs import MAX_ATTEMPTS, JobState, Stage
from aims.admin.models import documents, jobs
from aims.admin.public import JobEntry, JobView


@dataclass(frozen=True, kw_only=True)
class JobRecord:
    """A job row as the services use it."""

    id: UUID
    document_id: UUID
    state: JobState
    stage: Stage
    languages: str
    page_total: int
    pages_done: int
    attempt: int
    recoveries: int
    cancel_requested: bool
    error: str | None
    error_code: str | None
    error_page: int | None
    worker: str | None
    run_after: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    def view(self) -> JobView:
        """The DTO."""
        return JobView(
            id=self.id,
            document_id=self.document_id,
            state=self.state,
            stage=self.stage,
            pages_done=self.pages_done,
            page_total=self.page_total,
            attempt=self.attempt,
            max_attempts=MAX_ATTEMPTS,
            languages=self.languages,
            cancel_requested=self.cancel_requested,
            error=self.error,
            error_code=self.error_code,
            error_page=self.error_page,
            created_at=self.created_at,
            started_at=self.started_at,
            finished_at=self.finished_at,
            retry_at=self.run_after if self.state == JobState.QUEUED else None,
        )


NO_ERROR: Mapping[str, None] = {"error": None, "error_code": None, "error_page": None}
"""The error columns of a job that has none (any more)."""

COLUMNS = [jobs.c[name] for name in JobRecord.__dataclass_fields__]


def record(values: Mapping[Any, Any]) -> JobRecord:
    """A row selected with `COLUMNS` (as a mapping) as a record."""
    return JobRecord(
        **dict(values) | {"state": JobState(values["state"]), "stage": Stage(values["stage"])}
    )


async def create(
    session: AsyncSession,
    *,
    job_id: UUID,
    document_id: UUID,
    languages: str,
    page_total: int,
    requested_by: UUID | None,
) -> JobRecord:
    """A new queued job."""
    row = (
        await session.execute(
            insert(jobs)
            .values(
                id=job_id,
                document_id=document_id,
                state=JobState.QUEUED,
                stage=Stage.WAITING,
                languages=languages,
                page_total=page_total,
                requested_by=requested_by,
            )
            .returning(*COLUMNS)
        )
    ).one()
    return record(row._mapping)


async def get(session: AsyncSession, job_id: UUID, *, for_update: bool = False) -> JobRecord | None:
    """One job."""
    query = select(*COLUMNS).where(jobs.c.id == job_id)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return None if row is None else record(row._mapping)


async def change(session: AsyncSession, job_id: UUID, **values: Any) -> JobRecord | None:
    """Set columns of a job (and its `updated_at`); the changed job, if it exists."""
    return await _update(session, jobs.c.id == job_id, values)


async def change_claimed(
    session: AsyncSession, job_id: UUID, worker: str, **values: Any
) -> JobRecord | None:
    """Set columns of a job only while `worker` still holds it running; None when it lost
    the claim (cancelled and finished, deleted, or handed to another worker)."""
    return await _update(
        session,
        (jobs.c.id == job_id) & (jobs.c.worker == worker) & (jobs.c.state == JobState.RUNNING),
        values,
    )


async def claim(session: AsyncSession, job_id: UUID, worker: str) -> JobRecord | None:
    """Move a queued job that is due to `running` for `worker`; None when it is not there,
    not queued (another worker has it, or it finished) or not due yet."""
    return await _update(
        session,
        (jobs.c.id == job_id)
        & (jobs.c.state == JobState.QUEUED)
        & ((jobs.c.run_after.is_(None)) | (jobs.c.run_after <= func.now())),
        {
            "state": JobState.RUNNING,
            "stage": Stage.READING_PAGES,
            "worker": worker,
            "heartbeat_at": func.now(),
            "started_at": func.coalesce(jobs.c.started_at, func.now()),
            "attempt": jobs.c.attempt + 1,
            "run_after": None,
        },
    )


async def stalled(session: AsyncSession, silent_seconds: int) -> list[JobRecord]:
    """Running jobs whose worker has not been heard of for `silent_seconds` (locked)."""
    cutoff = func.now() - func.make_interval(0, 0, 0, 0, 0, 0, silent_seconds)
    rows = await session.execute(
        select(*COLUMNS)
        .where(jobs.c.state == JobState.RUNNING, jobs.c.heartbeat_at < cutoff)
        .with_for_update(skip_locked=True)
    )
    return [record(row._mapping) for row in rows]


async def due(session: AsyncSession, older_than_seconds: int) -> list[UUID]:
    """Queued jobs due for a worker that have been waiting at least `older_than_seconds`."""
    cutoff = func.now() - func.make_interval(0, 0, 0, 0, 0, 0, older_than_seconds)
    rows = await session.execute(
        select(jobs.c.id).where(
            jobs.c.state == JobState.QUEUED,
            jobs.c.updated_at < cutoff,
            (jobs.c.run_after.is_(None)) | (jobs.c.run_after <= func.now()),
        )
    )
    return list(rows.scalars())


async def count_by_state(session: AsyncSession) -> dict[str, int]:
    """How many jobs are in each state; `due` counts the queued ones a worker may take now."""
    due_now = (jobs.c.state == JobState.QUEUED) & (
        (jobs.c.run_after.is_(None)) | (jobs.c.run_after <= func.now())
    )
    rows = await session.execute(
        select(jobs.c.state, func.count(), func.count().filter(due_now)).group_by(jobs.c.state)
    )
    counts: dict[str, int] = {"due": 0}
    for state, count, due_count in rows:
        counts[state] = count
        counts["due"] += due_count
    return counts


async def page(
    session: AsyncSession,
    *,
    state: JobState | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[JobEntry]:
    """Jobs newest first with their document's name, after the keyset position `after`."""
    query = (
        select(*COLUMNS, documents.c.name.label("document_name"))
        .join(documents, documents.c.id == jobs.c.document_id)
        .order_by(jobs.c.created_at.desc(), jobs.c.id.desc())
        .limit(limit)
    )
    if state is not None:
        query = query.where(jobs.c.state == state)
    if after is not None:
        created_at, job_id = after
        query = query.where(
            or_(
                jobs.c.created_at < created_at,
                and_(jobs.c.created_at == created_at, jobs.c.id < job_id),
            )
        )
    rows = await session.execute(query)
    return [
        JobEntry(
            job=record(
                {key: value for key, value in row._mapping.items() if key != "document_name"}
            ).view(),
            document_name=row.document_name,
        )
        for row in rows
    ]


async def _update(session: AsyncSession, where: Any, values: dict[str, Any]) -> JobRecord | None:
    row = (
        await session.execute(
            update(jobs).where(where).values(**values, updated_at=func.now()).returning(*COLUMNS)
        )
    ).first()
    return None if row is None else record(row._mapping)
