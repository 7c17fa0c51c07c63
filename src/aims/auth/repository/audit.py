"""SQL of the append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.models import audit_events
from aims.auth.public import AuditQuery
from aims.kernel.db import NewRow


def new_record(**values: Any) -> NewRow:
    """One audit record, to insert."""
    return NewRow(audit_events, values)


async def page(db: AsyncSession, wanted: AuditQuery, *, limit: int) -> list[dict[str, Any]]:
    """Records newest first matching `wanted`, older than the id `wanted.before` (keyset)."""
    columns = audit_events.c
    conditions = [
        column == value
        for column, value in (
            (columns.actor_id, wanted.actor_id),
            (columns.action, wanted.action),
            (columns.subject_id, wanted.subject_id),
        )
        if value is not None
    ]
    if wanted.since is not None:
        conditions.append(columns.occurred_at >= wanted.since)
    if wanted.until is not None:
        conditions.append(columns.occurred_at < wanted.until)
    if wanted.before is not None:
        conditions.append(columns.id < wanted.before)
    query = select(audit_events).where(*conditions).order_by(columns.id.desc()).limit(limit)
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def purge_before(db: AsyncSession, cutoff: datetime) -> int:
    """Delete records older than `cutoff`; returns how many."""
    result = await db.execute(delete(audit_events).where(audit_events.c.occurred_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
