"""SQL of page results: one row per page of a job, written once; a repeat is only counted."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.models import jobs, page_results


async def record_page(
    session: AsyncSession,
    *,
    job_id: UUID,
    page_number: int,
    result: bytes,
    text_source: str,
    seconds: float,
    attempt: int,
    worker: str,
) -> int:
    """Keep the first result of a page; a page analysed again only raises its
    `completions`. Returns how many pages of the job are done."""
    statement = insert(page_results).values(
        job_id=job_id,
        page_number=page_number,
        result=result,
        text_source=text_source,
        seconds=seconds,
        attempt=attempt,
        worker=worker,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[page_results.c.job_id, page_results.c.page_number],
            set_={"completions": page_results.c.completions + 1},
        )
    )
    return await count(session, job_id)


async def count(session: AsyncSession, job_id: UUID) -> int:
    """Pages of the job with a result."""
    total = await session.scalar(
        select(func.count()).select_from(page_results).where(page_results.c.job_id == job_id)
    )
    return int(total or 0)


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
