"""Sessions and token pairs: start, refresh with rotation and reuse detection, end."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState
from aims.auth.public import (
    ClientInfo,
    NotFound,
    Principal,
    ReauthenticationRequired,
    SessionView,
    TokenPair,
    Unauthenticated,
)
from aims.auth.refresh_tokens import (
    Consumption,
    Grace,
    ReuseDetected,
    Rotate,
    StoredRefreshToken,
    decide_refresh,
    hash_refresh_token,
    new_refresh_token,
    successor_refresh_token,
)
from aims.auth.repository import accounts
from aims.auth.repository import sessions as session_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.repository.sessions import RefreshRecord, SessionRecord
from aims.auth.services.base import STEP_UP_WINDOW, AuthDeps, record
from aims.auth.services.maintenance import ready_to_sign
from aims.auth.services.principal import authenticate
from aims.auth.tokens import IdentityClaims
from aims.kernel.db import NewRow


def _client_fields(client: ClientInfo) -> dict[str, str | None]:
    return {"ip": client.ip, "user_agent": (client.user_agent or "")[:400] or None}


async def start_session(
    deps: AuthDeps, user: UserRecord, client: ClientInfo, *, mfa: bool, audit: NewRow
) -> TokenPair:
    """Store a session for a user who just proved who they are, with `audit` in the same
    statement, and sign its first pair. The signature (about a millisecond of RSA) is made in
    a thread while the database stores the rows; the pair is handed out only once they are."""
    now = deps.clock()
    session = SessionRecord(
        id=uuid4(),
        user_id=user.id,
        refresh_secret=secrets.token_bytes(32),
        created_at=now,
        last_seen_at=now,
        authenticated_at=now,
        expires_at=now + deps.refresh_lifetimes.absolute,
        revoked_at=None,
        mfa=mfa,
        **_client_fields(client),
    )
    refresh = new_refresh_token()
    rows = (
        session_rows.new_session(session),
        session_rows.new_refresh_token(uuid4(), session.id, refresh.token_hash, now),
        audit,
    )
    _, pair = await asyncio.gather(
        deps.db.insert_together(*rows),
        asyncio.to_thread(issue_pair, deps, user, session, refresh.value),
    )
    return pair


def issue_pair(
    deps: AuthDeps, user: UserRecord, session: SessionRecord, refresh_value: str
) -> TokenPair:
    """A new access token for the session, with the given refresh token."""
    identity = IdentityClaims(
        email=user.email,
        email_verified=user.email_verified_at is not None,
        mfa=session.mfa,
        auth_time=int(session.authenticated_at.timestamp()),
    )
    access = deps.codec.issue(str(user.id), str(session.id), [user.role], deps.clock(), identity)
    return TokenPair(
        access_token=access.token,
        refresh_token=refresh_value,
        expires_in=int(deps.codec.settings.lifetime.total_seconds()),
    )


@dataclass(frozen=True)
class _Refreshed:
    pair: TokenPair | None
    revoked: UUID | None = None


async def refresh(deps: AuthDeps, value: str, client: ClientInfo) -> TokenPair:
    """Rotate a refresh token; a replay after the grace window ends its whole family."""
    await ready_to_sign(deps)
    async with deps.db.transaction() as db:
        outcome = await _refresh_in(db, deps, value, client)
    if outcome.revoked is not None:
        await deps.revocations.add([outcome.revoked])
    if outcome.pair is None:
        raise Unauthenticated("The refresh token is not valid; sign in again.")
    return outcome.pair


async def _refresh_in(
    db: AsyncSession, deps: AuthDeps, value: str, client: ClientInfo
) -> _Refreshed:
    now = deps.clock()
    stored = await session_rows.refresh_token_by_hash(db, hash_refresh_token(value))
    session = None if stored is None else await session_rows.session_by_id(db, stored.session_id)
    if stored is None or session is None:
        return _Refreshed(None)
    decision = decide_refresh(_as_stored(stored), now, deps.refresh_lifetimes)
    if isinstance(decision, ReuseDetected):
        revoked = await session_rows.revoke_sessions(db, session.user_id, now, only=session.id)
        await record(
            db,
            deps,
            "refresh_reuse",
            "family_revoked",
            client,
            subject_id=session.user_id,
            session_id=session.id,
        )
        return _Refreshed(None, revoked[0] if revoked else None)
    user = await accounts.user_by_id(db, session.user_id)
    if (
        not isinstance(decision, Rotate | Grace)
        or user is None
        or user.state != AccountState.ACTIVE
    ):
        return _Refreshed(None)
    successor = successor_refresh_token(session.refresh_secret, value)
    if isinstance(decision, Rotate):
        successor_id = uuid4()
        await session_rows.new_refresh_token(
            successor_id, session.id, successor.token_hash, now
        ).insert_in(db)
        await session_rows.consume_refresh_token(db, stored.id, successor_id, now)
        await session_rows.touch_session(db, session.id, last_seen_at=now, **_client_fields(client))
    return _Refreshed(issue_pair(deps, user, session, successor.value))


def _as_stored(token: RefreshRecord) -> StoredRefreshToken:
    consumed = None
    if token.consumed_at is not None:
        consumed = Consumption(at=token.consumed_at, successor_id=str(token.successor_id))
    return StoredRefreshToken(
        family_id=str(token.session_id),
        issued_at=token.issued_at,
        family_started_at=token.session_created_at,
        consumed=consumed,
        family_revoked_at=token.session_revoked_at,
    )


async def end_sessions(
    deps: AuthDeps,
    user_id: UUID,
    action: str,
    client: ClientInfo | None,
    *,
    actor_id: UUID | None = None,
    only: UUID | None = None,
    keep: UUID | None = None,
) -> list[UUID]:
    """Revoke sessions of a user in one transaction, audit it, then publish the revocations."""
    async with deps.db.transaction() as db:
        revoked = await session_rows.revoke_sessions(
            db, user_id, deps.clock(), only=only, keep=keep
        )
        await record(
            db,
            deps,
            action,
            "success",
            client,
            actor_id=actor_id or user_id,
            subject_id=user_id,
            sessions=len(revoked),
        )
    await deps.revocations.add(revoked)
    return revoked


async def logout_with_tokens(
    deps: AuthDeps, access_token: str | None, refresh_token: str | None, client: ClientInfo
) -> None:
    """End the session of the access token, or of the refresh token when the access one expired."""
    ended: set[UUID] = set()
    if access_token is not None:
        try:
            principal = await authenticate(deps, access_token)
        except Unauthenticated:
            if refresh_token is None:
                raise
        else:
            await end_sessions(deps, principal.user_id, "logout", client, only=principal.session_id)
            ended.add(principal.session_id)
    if refresh_token is None:
        if not ended:
            raise Unauthenticated("Send the access token or the refresh token.")
        return
    async with deps.db.transaction() as db:
        stored = await session_rows.refresh_token_by_hash(db, hash_refresh_token(refresh_token))
        owner = None if stored is None else await session_rows.session_by_id(db, stored.session_id)
    if owner is None and not ended:
        raise Unauthenticated("The refresh token is not valid.")
    if owner is not None and owner.id not in ended:
        await end_sessions(deps, owner.user_id, "logout", client, only=owner.id)


async def revoke_one(
    deps: AuthDeps, principal: Principal, session_id: UUID, client: ClientInfo
) -> None:
    """End one of the principal's own sessions."""
    revoked = await end_sessions(deps, principal.user_id, "session_revoke", client, only=session_id)
    if not revoked:
        raise NotFound("No such session.")


async def list_sessions(deps: AuthDeps, principal: Principal) -> list[SessionView]:
    """The principal's live sessions."""
    return await live_sessions(deps, principal.user_id, principal)


async def live_sessions(deps: AuthDeps, user_id: UUID, viewer: Principal) -> list[SessionView]:
    """An account's live sessions, newest activity first, the viewer's own marked `current`."""
    async with deps.db.transaction() as db:
        rows = await session_rows.active_sessions(db, user_id, deps.clock())
    return [
        SessionView(
            id=row.id,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            ip=row.ip,
            user_agent=row.user_agent,
            current=row.id == viewer.session_id,
        )
        for row in rows
    ]


async def require_recent_sign_in(deps: AuthDeps, principal: Principal) -> None:
    """Refuse a sensitive change unless the session proved its password in the last 5 minutes."""
    async with deps.db.transaction() as db:
        session = await session_rows.session_by_id(db, principal.session_id)
    if session is None or deps.clock() - session.authenticated_at > STEP_UP_WINDOW:
        raise ReauthenticationRequired(
            "Confirm your password first (POST /api/v1/auth/reauthenticate)."
        )
