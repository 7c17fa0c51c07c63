"""SQL of page results: one row per page of a job, written once; a repeat is only counted."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Float, LargeBinary, delete, func, literal, literal_column, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.domain.jobs import JobState
from aims.admin.models import jobs, page_results


@dataclass(frozen=True)
class PageWrite:
    """One analysed page as the worker writes it."""

    job_id: UUID
    page_number: int
    result: bytes
    text_source: str
    seconds: float
    attempt: int
    worker: str


async def record_page(session: AsyncSession, page: PageWrite) -> bool | None:
    """In one statement, while `page.worker` holds the job running: keep the page's first
    result (a repeat only raises `completions`), count it done and renew the heartbeat.
    Returns whether the job asks to be cancelled, or None when the claim is lost."""
    claimed = (
        select(jobs.c.id)
        .where(
            jobs.c.id == page.job_id,
            jobs.c.worker == page.worker,
            jobs.c.state == JobState.RUNNING,
        )
        .with_for_update()
        .cte("claimed")
    )
    values = select(
        claimed.c.id,
        literal(page.page_number),
        literal(page.result, LargeBinary),
        literal(page.text_source),
        literal(page.seconds, Float),
        literal(page.attempt),
        literal(page.worker),
    )
    written = (
        insert(page_results)
        .from_select(_WRITTEN, values)
        .on_conflict_do_update(
            index_elements=[page_results.c.job_id, page_results.c.page_number],
            set_={"completions": page_results.c.completions + 1},
        )
        .returning(literal_column("xmax = 0").label("inserted"))
        .cte("written")
    )
    newly_done = select(func.count()).select_from(written).where(written.c.inserted)
    row = (
        await session.execute(
            update(jobs)
            .where(jobs.c.id.in_(select(claimed.c.id)))
            .values(
                pages_done=jobs.c.pages_done + newly_done.scalar_subquery(),
                heartbeat_at=func.now(),
                updated_at=func.now(),
            )
            .returning(jobs.c.cancel_requested)
        )
    ).first()
    return None if row is None else bool(row.cancel_requested)


_WRITTEN = ["job_id", "page_number", "result", "text_source", "seconds", "attempt", "worker"]


async def done(session: AsyncSession, job_id: UUID) -> set[int]:
    """Page numbers of the job with a result."""
    rows = await session.execute(
        select(page_results.c.page_number).where(page_results.c.job_id == job_id)
    )
    return set(rows.scalars())


async def results(session: AsyncSession, job_id: UUID) -> list[bytes]:
    """The page results of the job, in page order."""
    rows = await session.execute(
        select(page_results.c.result)
        .where(page_results.c.job_id == job_id)
        .order_by(page_results.c.page_number)
    )
    return list(rows.scalars())


async def drop_other_jobs(session: AsyncSession, document_id: UUID, keep_job_id: UUID) -> None:
    """Delete the page results of the document's other jobs (superseded work)."""
    other_jobs = select(jobs.c.id).where(
        jobs.c.document_id == document_id, jobs.c.id != keep_job_id
    )
    await session.execute(delete(page_results).where(page_results.c.job_id.in_(other_jobs)))
