"""Reactions to auth's events: a profile per account, gone with the account."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.public import UserDeleted, UserRegistered
from aims.kernel.languages import as_language
from aims.profiles import repository
from aims.profiles.cache import ProfileCache


class AccountEventHandlers:
    """Idempotent handlers (the event bus runs each once per event)."""

    def __init__(self, cache: ProfileCache) -> None:
        self.cache = cache

    async def on_user_registered(self, event: UserRegistered, session: AsyncSession) -> None:
        """Create the new user's empty profile, in their sign-up locale when known."""
        await repository.get_or_create(session, event.user_id, as_language(event.locale))

    async def on_user_deleted(self, event: UserDeleted, session: AsyncSession) -> None:
        """Remove the profile of a deleted account, and its cached copy."""
        await repository.remove(session, event.user_id)
        await self.cache.forget(event.user_id)
