"""MFA challenges: what a client holds between a right password and its second factor.

An opaque random value, stored only as its SHA-256, bound to the account and to
the client (IP and user agent), valid `MFA_CHALLENGE_SECONDS`, dead after
`MFA_CHALLENGE_ATTEMPTS` codes or one success. It is kept in the database so
every process (and replica) can finish a sign-in another one began.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from aims.auth.public import (
    MFA_CHALLENGE_ATTEMPTS,
    MFA_CHALLENGE_SECONDS,
    ClientInfo,
    MfaChallenge,
    MfaChallengeInvalid,
)
from aims.auth.repository import accounts
from aims.auth.repository import challenges as challenge_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.repository.challenges import ChallengeRecord
from aims.auth.services.attempts import Attempt
from aims.auth.services.base import AuthDeps

LIFETIME = timedelta(seconds=MFA_CHALLENGE_SECONDS)
INVALID = "This sign-in step has expired or was used; sign in with your password again."


@dataclass(frozen=True)
class Taken:
    """A challenge with one attempt counted: its hash, the account, the attempt so far."""

    token_hash: str
    attempts: int
    user: UserRecord
    attempt: Attempt


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _client_hash(client: ClientInfo) -> str:
    return _sha256(f"{client.ip or ''}\n{(client.user_agent or '')[:400]}")


async def issue(deps: AuthDeps, user: UserRecord, client: ClientInfo) -> MfaChallenge:
    """A new challenge for an account whose password the client just proved."""
    value = secrets.token_urlsafe(32)
    now = deps.clock()
    async with deps.db.transaction() as db:
        await challenge_rows.insert_challenge(
            db,
            ChallengeRecord(
                token_hash=_sha256(value),
                user_id=user.id,
                client_hash=_client_hash(client),
                created_at=now,
                expires_at=now + LIFETIME,
                attempts=0,
            ),
        )
    return MfaChallenge(challenge=value, expires_in=MFA_CHALLENGE_SECONDS)


async def take(deps: AuthDeps, value: str, client: ClientInfo) -> Taken:
    """Count an attempt on the client's live challenge; `MfaChallengeInvalid` when there is none."""
    token_hash = _sha256(value)
    now = deps.clock()
    async with deps.db.transaction() as db:
        claimed = await challenge_rows.claim_attempt(
            db, token_hash, _client_hash(client), now, MFA_CHALLENGE_ATTEMPTS
        )
        user = None if claimed is None else await accounts.user_by_id(db, claimed[0])
    if claimed is None or user is None:
        raise MfaChallengeInvalid(INVALID)
    attempt = await Attempt(deps, user.email, client, "login", now).for_account(user)
    if attempt.user is None:  # disabled since the password step
        await _forget(deps, token_hash)
        raise MfaChallengeInvalid(INVALID)
    return Taken(token_hash=token_hash, attempts=claimed[1], user=user, attempt=attempt)


async def wrong_code(deps: AuthDeps, taken: Taken) -> None:
    """After a wrong code: the challenge dies with its last allowed attempt."""
    if taken.attempts >= MFA_CHALLENGE_ATTEMPTS:
        await _forget(deps, taken.token_hash)


async def used(deps: AuthDeps, taken: Taken) -> None:
    """The code was right: the challenge is spent (`MfaChallengeInvalid` if a parallel request
    spent it first)."""
    if not await _forget(deps, taken.token_hash):
        raise MfaChallengeInvalid(INVALID)


async def _forget(deps: AuthDeps, token_hash: str) -> bool:
    async with deps.db.transaction() as db:
        return await challenge_rows.delete_challenge(db, token_hash)
