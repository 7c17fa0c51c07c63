"""Cache-aside for profiles in the shared store, counted for /metrics."""

from __future__ import annotations

import logging
from uuid import UUID

import msgspec
from prometheus_client import Counter

from aims.kernel.kv import KeyValueStore, StoreUnavailable
from aims.profiles.public import Profile

log = logging.getLogger(__name__)

TTL_SECONDS = 300
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
    """Profiles by user id; every failure of the store is a miss, never an error."""

    def __init__(self, store: KeyValueStore) -> None:
        self.store = store
        self._unforgotten: set[UUID] = set()

    async def get(self, user_id: UUID) -> Profile | None:
        """The cached profile, or None on a miss or when the store is down."""
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
        return _decoder.decode(raw)

    async def put(self, profile: Profile) -> None:
        """Remember a profile read from the database."""
        try:
            await self.store.set(cache_key(profile.user_id), _encoder.encode(profile), TTL_SECONDS)
        except StoreUnavailable:
            return

    async def forget(self, user_id: UUID) -> None:
        """Drop a profile after a committed change; retried after an outage until it succeeds."""
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
