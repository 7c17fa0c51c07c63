"""SQL for profiles, nothing else."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.profiles.models import profiles
from aims.profiles.public import Profile

_COLUMNS = [profiles.c[name] for name in Profile.__struct_fields__]


async def get(session: AsyncSession, user_id: UUID) -> Profile | None:
    """The stored profile, if any."""
    row = (await session.execute(select(*_COLUMNS).where(profiles.c.user_id == user_id))).first()
    return None if row is None else Profile(**row._asdict())


async def get_or_create(session: AsyncSession, user_id: UUID, locale: str | None = None) -> Profile:
    """The stored profile, created empty first when there is none."""
    existing = await get(session, user_id)
    if existing is not None:
        return existing
    await session.execute(
        insert(profiles).values(user_id=user_id, locale=locale).on_conflict_do_nothing()
    )
    created = await get(session, user_id)
    assert created is not None
    return created


async def apply_changes(session: AsyncSession, user_id: UUID, values: dict[str, Any]) -> Profile:
    """Write the changed fields (creating the profile if needed) and return the result."""
    await session.execute(insert(profiles).values(user_id=user_id).on_conflict_do_nothing())
    row = (
        await session.execute(
            update(profiles)
            .where(profiles.c.user_id == user_id)
            .values(**values, updated_at=func.now())
            .returning(*_COLUMNS)
        )
    ).one()
    return Profile(**row._asdict())


async def remove(session: AsyncSession, user_id: UUID) -> None:
    """Delete the profile (nothing happens when there is none)."""
    await session.execute(delete(profiles).where(profiles.c.user_id == user_id))


async def search_by_name(session: AsyncSession, text: str, limit: int) -> list[Profile]:
    """Profiles whose display, first or last name contains `text`, case-insensitively."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = (profiles.c.display_name, profiles.c.first_name, profiles.c.last_name)
    rows = await session.execute(
        select(*_COLUMNS)
        .where(or_(*(column.ilike(pattern, escape="\\") for column in names)))
        .order_by(profiles.c.display_name, profiles.c.user_id)
        .limit(limit)
    )
    return [Profile(**row._asdict()) for row in rows]


async def display_names(session: AsyncSession, user_ids: tuple[UUID, ...]) -> dict[UUID, str]:
    """The display names of these users, where set."""
    rows = await session.execute(
        select(profiles.c.user_id, profiles.c.display_name).where(
            profiles.c.user_id.in_(user_ids), profiles.c.display_name.is_not(None)
        )
    )
    return {row[0]: row[1] for row in rows}
