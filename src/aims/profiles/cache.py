"""Cache-aside for profiles: in each process's memory (dropped by the database's change
notifications) in front of the shared store (Redis, key `profiles:v1:<id>`, 300 s), counted
for /metrics."""

from __future__ import annotations

import logging
from uuid import UUID

import msgspec
from prometheus_client import Counter

from aims.kernel.kv import KeyValueStore, StoreUnavailable
from aims.kernel.notified_cache import NotifiedCache
from aims.profiles.public import Profile

log = logging.getLogger(__name__)

TTL_SECONDS = 300
CHANNEL = "profiles_changed"
"""The channel the `profiles.profiles` trigger notifies with a user id (see the migrations)."""
MAX_LOCAL = 10_000
"""Profiles kept in a process's memory at most."""
CACHE_LOOKUPS = Counter(
    "aims_profile_cache_lookups_total",
    "Profile cache lookups by result",
    ["result"],
)
_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Profile)


def cache_key(user_id: UUID) -> str:
    """The cache key of a user's profile."""
    return f"profiles:v1:{user_id}"


class ProfileCache:
    """Profiles by user id, in this process's memory and in the shared store; every failure
    of the store is a miss, never an error."""

    def __init__(self, store: KeyValueStore) -> None:
        self.store = store
        self._unforgotten: set[UUID] = set()
        """Profiles to drop from the store before the next read: changed while it was down,
        or changed by another process or by hand (heard from the database)."""
        self.local: NotifiedCache[UUID, Profile] = NotifiedCache(
            CHANNEL, UUID, MAX_LOCAL, on_change=self._unforgotten.add
        )
        """In front of the store while the database's change feed is live (subscribe its
        `feed` to the runtime's listener)."""

    @property
    def changes(self) -> int:
        """Pass to `put` what this was before reading the database (see `NotifiedCache`)."""
        return self.local.changes

    async def get(self, user_id: UUID) -> Profile | None:
        """The cached profile, or None on a miss or when the store is down."""
        kept = self.local.peek(user_id)
        if kept is not None:
            CACHE_LOOKUPS.labels("hit").inc()
            return kept
        changes_before = self.local.changes
        try:
            await self._forget_what_an_outage_kept()
            raw = await self.store.get(cache_key(user_id))
        except StoreUnavailable:
            CACHE_LOOKUPS.labels("unavailable").inc()
            return None
        if raw is None:
            CACHE_LOOKUPS.labels("miss").inc()
            return None
        CACHE_LOOKUPS.labels("hit").inc()
        profile = _decoder.decode(raw)
        self.local.keep(user_id, profile, changes_before)
        return profile

    async def put(self, profile: Profile, changes_before: int) -> None:
        """Remember a profile read from the database when `changes` was `changes_before`,
        unless a change was heard since (the read may predate it)."""
        if self.local.changes != changes_before:
            return
        self.local.keep(profile.user_id, profile, changes_before)
        try:
            await self.store.set(cache_key(profile.user_id), _encoder.encode(profile), TTL_SECONDS)
        except StoreUnavailable:
            return

    async def forget(self, user_id: UUID) -> None:
        """Drop a profile after a committed change; retried after an outage until it succeeds."""
        self.local.forget(user_id)
        self._unforgotten.add(user_id)
        try:
            await self._forget_what_an_outage_kept()
        except StoreUnavailable:
            log.info("profile cache invalidation deferred until the store is back")

    async def _forget_what_an_outage_kept(self) -> None:
        if self._unforgotten:
            pending = list(self._unforgotten)
            await self.store.delete(*(cache_key(user_id) for user_id in pending))
            self._unforgotten.difference_update(pending)
