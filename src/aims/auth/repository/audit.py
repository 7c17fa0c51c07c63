"""SQL of the append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Insert, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.models import audit_events


def new_record(**values: Any) -> Insert:
    """The statement that adds one audit record."""
    return insert(audit_events).values(**values)


async def page(
    db: AsyncSession, *, subject_id: UUID | None, before: int | None, limit: int
) -> list[dict[str, Any]]:
    """Records newest first, older than the id `before` (keyset)."""
    query = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
    if subject_id is not None:
        query = query.where(audit_events.c.subject_id == subject_id)
    if before is not None:
        query = query.where(audit_events.c.id < before)
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def purge_before(db: AsyncSession, cutoff: datetime) -> int:
    """Delete records older than `cutoff`; returns how many."""
    result = await db.execute(delete(audit_events).where(audit_events.c.occurred_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
