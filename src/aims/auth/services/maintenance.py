"""Periodic upkeep: key rotation on schedule and purging what has expired."""

from __future__ import annotations

import logging
from datetime import timedelta

from aims.auth.keys import KeyRing, SigningAlgorithm
from aims.auth.repository import audit
from aims.auth.repository import challenges as challenge_rows
from aims.auth.repository import sessions as session_rows
from aims.auth.services.base import AuthDeps
from aims.auth.services.keyring import RELOAD_EVERY_SECONDS

log = logging.getLogger(__name__)

EXPIRED_SESSION_GRACE = timedelta(days=1)


async def ensure_keys(deps: AuthDeps) -> KeyRing:
    """Create the first keys, or rotate when the current key is older than the interval."""
    return await rotate_keys(deps, force=False)


async def ready_to_sign(deps: AuthDeps) -> None:
    """Make sure a current key exists (the first start may have found no schema yet)."""
    if not deps.keys.can_sign():
        await ensure_keys(deps)


async def rotate_keys(deps: AuthDeps, *, force: bool) -> KeyRing:
    """Rotate the signing keys now (`force`) or when due; drop keys nobody can still present."""
    settings = deps.settings
    return await deps.keys.rotate(
        SigningAlgorithm(settings.jwt_algorithm),
        # a process may sign with a just-retired key until its next reload
        deps.codec.settings.keep_retired_keys_for + timedelta(seconds=RELOAD_EVERY_SECONDS),
        max_age=None if force else timedelta(days=settings.key_rotation_days),
    )


async def purge(deps: AuthDeps) -> dict[str, int]:
    """Delete sessions past their lifetime, used or expired mail tokens and old audit rows."""
    now = deps.clock()
    async with deps.db.transaction() as db:
        dead_sessions, stale_tokens = await session_rows.purge_dead(db, now - EXPIRED_SESSION_GRACE)
        audit_rows = await audit.purge_before(
            db, now - timedelta(days=deps.settings.audit_retention_days)
        )
        challenges = await challenge_rows.purge_expired(db, now)
    counts = {
        "sessions": dead_sessions,
        "mail_tokens": stale_tokens,
        "audit_records": audit_rows,
        "mfa_challenges": challenges,
    }
    log.info("auth maintenance purged expired records", extra=counts)
    return counts
