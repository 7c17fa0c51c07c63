"""SQL of the dashboard's document figures: counts by status, queue, pages done, failures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.domain.jobs import JobState
from aims.admin.models import documents, jobs, page_results


async def documents_by_status(session: AsyncSession) -> dict[str, int]:
    """How many documents are in each status."""
    rows = await session.execute(
        select(documents.c.status, func.count()).group_by(documents.c.status)
    )
    return {str(status): int(count) for status, count in rows}


async def queue_depth(session: AsyncSession) -> int:
    """Jobs waiting or running."""
    waiting = jobs.c.state.in_([JobState.QUEUED, JobState.RUNNING])
    return int(await session.scalar(select(func.count()).select_from(jobs).where(waiting)) or 0)


async def pages_since(session: AsyncSession, since: datetime) -> int:
    """Pages whose analysis finished at or after `since`."""
    query = (
        select(func.count()).select_from(page_results).where(page_results.c.completed_at >= since)
    )
    return int(await session.scalar(query) or 0)


async def recent_failures(session: AsyncSession, limit: int) -> list[dict[str, Any]]:
    """The newest failed jobs with their document's name."""
    query = (
        select(
            jobs.c.id.label("job_id"),
            jobs.c.document_id,
            documents.c.name.label("document_name"),
            jobs.c.error,
            jobs.c.error_code,
            jobs.c.error_page,
            jobs.c.attempt.label("attempts"),
            jobs.c.finished_at,
        )
        .join(documents, documents.c.id == jobs.c.document_id)
        .where(jobs.c.state == JobState.FAILED)
        .order_by(jobs.c.finished_at.desc().nulls_last())
        .limit(limit)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]
