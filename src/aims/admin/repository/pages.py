"""SQL of page results: one row per page of a job, written once; a repeat is only counted."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from uuid import UUID

from sqlalchemy import (
    Float,
    Integer,
    LargeBinary,
    String,
    Update,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    update,
)
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


def _record_statement() -> Update:
    """Built once: a statement rebuilt per page costs more CPU than the page's write."""
    claimed = (
        select(jobs.c.id)
        .where(
            jobs.c.id == bindparam("p_job_id"),
            jobs.c.worker == bindparam("p_worker"),
            jobs.c.state == JobState.RUNNING,
        )
        .with_for_update()
        .cte("claimed")
    )
    values = select(
        claimed.c.id,
        bindparam("p_page_number", type_=Integer),
        bindparam("p_result", type_=LargeBinary),
        bindparam("p_text_source", type_=String),
        bindparam("p_seconds", type_=Float),
        bindparam("p_attempt", type_=Integer),
        bindparam("p_worker", type_=String),
    )
    written = (
        insert(page_results)
        .from_select(
            ["job_id", "page_number", "result", "text_source", "seconds", "attempt", "worker"],
            values,
        )
        .on_conflict_do_update(
            index_elements=[page_results.c.job_id, page_results.c.page_number],
            set_={"completions": page_results.c.completions + 1},
        )
        .returning(literal_column("xmax = 0").label("inserted"))
        .cte("written")
    )
    newly_done = select(func.count()).select_from(written).where(written.c.inserted)
    return (
        update(jobs)
        .where(jobs.c.id.in_(select(claimed.c.id)))
        .values(
            pages_done=jobs.c.pages_done + newly_done.scalar_subquery(),
            heartbeat_at=func.now(),
            updated_at=func.now(),
        )
        .returning(jobs.c.cancel_requested)
    )


_RECORD = _record_statement()


async def record_page(session: AsyncSession, page: PageWrite) -> bool | None:
    """In one statement, while `page.worker` holds the job running: keep the page's first
    result (a repeat only raises `completions`), count it done and renew the heartbeat.
    Returns whether the job asks to be cancelled, or None when the claim is lost."""
    parameters = {f"p_{name}": value for name, value in asdict(page).items()}
    row = (await session.execute(_RECORD, parameters)).first()
    return None if row is None else bool(row.cancel_requested)


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
