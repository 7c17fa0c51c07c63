"""The profiles facade: use cases over the repository, the cache and the outbox."""

from __future__ import annotations

from uuid import UUID

from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.profiles import domain, repository
from aims.profiles.cache import ProfileCache
from aims.profiles.models import outbox
from aims.profiles.public import (
    InvalidProfile,
    Profile,
    ProfileChanges,
    ProfileNotFound,
    ProfileRead,
    ProfileUpdated,
)

MAX_SEARCH_RESULTS = 100
MAX_NAMES = 500


class Profiles:
    """Implements `ProfilesFacade`: one transaction per call, DTOs out."""

    def __init__(self, db: Database, bus: EventBus, cache: ProfileCache) -> None:
        self.db = db
        self.bus = bus
        self.cache = cache

    async def get(self, user_id: UUID) -> ProfileRead:
        """The user's profile, created empty on first access."""
        return await self._read(user_id, create=True)

    async def find(self, user_id: UUID) -> ProfileRead:
        """An existing profile; raises `ProfileNotFound` when there is none."""
        return await self._read(user_id, create=False)

    async def update(self, user_id: UUID, changes: ProfileChanges) -> Profile:
        """Apply a partial update, publish `ProfileUpdated`, then drop the cached copy."""
        values = changes.as_dict()
        problems = domain.field_problems(values)
        if problems:
            raise InvalidProfile("Some fields are not valid.", errors=problems)
        if not values:
            return (await self.get(user_id)).profile
        async with self.db.transaction() as session:
            profile = await repository.apply_changes(session, user_id, values)
            await self.bus.publish(
                session, outbox, ProfileUpdated(user_id=user_id, fields=tuple(values))
            )
        await self.cache.forget(user_id)
        return profile

    async def search_by_name(self, text: str, limit: int = 20) -> list[Profile]:
        """Profiles whose names contain `text`."""
        async with self.db.autocommit() as session:
            return await repository.search_by_name(
                session, text, max(1, min(limit, MAX_SEARCH_RESULTS))
            )

    async def display_names(self, user_ids: tuple[UUID, ...]) -> dict[UUID, str]:
        """Display names by user id, for lists of users."""
        if not user_ids:
            return {}
        async with self.db.autocommit() as session:
            return await repository.display_names(session, user_ids[:MAX_NAMES])

    async def _read(self, user_id: UUID, *, create: bool) -> ProfileRead:
        cached = await self.cache.get(user_id)
        if cached is not None:
            return ProfileRead(profile=cached, stale=self.db.is_unreachable)
        async with self.db.autocommit() as session:  # each statement stands alone
            profile = (
                await repository.get_or_create(session, user_id)
                if create
                else await repository.get(session, user_id)
            )
        if profile is None:
            raise ProfileNotFound(f"No profile for user {user_id}.")
        await self.cache.put(profile)
        return ProfileRead(profile=profile)
