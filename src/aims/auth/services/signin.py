"""Signing in: throttles, the decoy hash, account locks, the second factor, step-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState, InvalidEmailError, normalize_email
from aims.auth.lockout import (
    AccountThrottle,
    Locked,
    check_account,
    record_account_failure,
)
from aims.auth.public import (
    ClientInfo,
    EmailNotVerified,
    Principal,
    TokenPair,
    TooManyAttempts,
    Unauthenticated,
)
from aims.auth.repository import accounts
from aims.auth.repository import sessions as session_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.services import mfa
from aims.auth.services.base import AuthDeps, audit_entry, record
from aims.auth.services.maintenance import ready_to_sign
from aims.auth.services.sessions import new_session
from aims.auth.services.throttle import Window, login_windows

LOGINS = Counter("aims_auth_logins", "Sign-in attempts by result", ["result"])

GENERIC_FAILURE = "The e-mail address or password is not correct."


@dataclass(frozen=True)
class _Proof:
    """The outcome of checking a password (and code) against an account."""

    user: UserRecord
    mfa_used: bool


async def login(
    deps: AuthDeps, raw_email: str, password: str, otp: str | None, client: ClientInfo
) -> TokenPair:
    """Sign in with e-mail, password and (when enrolled) a TOTP or recovery code."""
    try:
        proof = await prove(deps, raw_email, password, otp, client, action="login")
    except (TooManyAttempts, Unauthenticated) as refused:
        LOGINS.labels(result=refused.code).inc()
        raise
    LOGINS.labels(result="success").inc()
    if deps.settings.require_email_verification and proof.user.email_verified_at is None:
        raise EmailNotVerified("Verify your e-mail address before signing in.")
    await ready_to_sign(deps)
    session = new_session(deps, proof.user, client, mfa=proof.mfa_used)
    success = audit_entry(
        deps, "login", "success", client, subject_id=proof.user.id, subject_email=proof.user.email
    )
    await deps.db.insert_together(*session.inserts, success)  # one round trip
    return session.pair


async def reauthenticate(
    deps: AuthDeps, principal: Principal, password: str, otp: str | None, client: ClientInfo
) -> None:
    """Prove the password again; step-up operations are allowed for the next minutes."""
    proof = await prove(deps, principal.email, password, otp, client, action="reauthenticate")
    if proof.user.id != principal.user_id:
        raise Unauthenticated(GENERIC_FAILURE)
    async with deps.db.transaction() as db:
        await session_rows.touch_session(db, principal.session_id, authenticated_at=deps.clock())
        await record(db, deps, "reauthenticate", "success", client, subject_id=principal.user_id)


@dataclass(frozen=True)
class _Attempt:
    """One sign-in attempt, for the failure paths."""

    deps: AuthDeps
    email: str
    client: ClientInfo
    action: str
    now: datetime

    async def audit(self, db: AsyncSession, user: UserRecord | None, reason: str) -> None:
        await record(
            db,
            self.deps,
            self.action,
            "failure",
            self.client,
            subject_id=user.id if user else None,
            subject_email=self.email or None,
            reason=reason,
        )


async def prove(
    deps: AuthDeps,
    raw_email: str,
    password: str,
    otp: str | None,
    client: ClientInfo,
    *,
    action: str,
    second_factor: bool = True,
) -> _Proof:
    """Check credentials with every protection; raises on any failure, one generic answer."""
    attempt = _Attempt(deps, _email_or_blank(raw_email), client, action, deps.clock())
    windows = login_windows(client.ip, attempt.email)
    window_lock = await deps.throttle.check(windows, attempt.now)
    if isinstance(window_lock, Locked):
        raise TooManyAttempts(window_lock.retry_after_seconds(attempt.now))
    async with deps.db.autocommit() as db:
        found = await accounts.sign_in_candidate(db, attempt.email) if attempt.email else None
    user, enrolled = found or (None, False)
    active = user if user is not None and user.state == AccountState.ACTIVE else None
    state = active.throttle if active else await deps.throttle.account_state(attempt.email)
    lock = check_account(state, attempt.now)
    if isinstance(lock, Locked):
        await deps.hasher.verify_decoy(password)
        await deps.throttle.hit(windows, attempt.now)
        async with deps.db.transaction() as db:
            await attempt.audit(db, user, reason="locked")
        raise TooManyAttempts(lock.retry_after_seconds(attempt.now))
    if active is None:
        await deps.hasher.verify_decoy(password)
        await _fail_without_account(attempt, state, windows, user)
    if not await deps.hasher.verify(active.password_hash, password):
        await _fail_with_account(attempt, active, windows, "bad_password")
    needs_code = second_factor and enrolled
    mfa_used = await mfa.check_second_factor(deps, active, otp, client) if needs_code else False
    if mfa_used is None:
        await _fail_with_account(attempt, active, windows, "bad_otp")
    await _after_success(deps, active, password)
    return _Proof(user=active, mfa_used=bool(mfa_used))


def _email_or_blank(raw: str) -> str:
    try:
        return normalize_email(raw)
    except InvalidEmailError:
        return ""


async def _fail_without_account(
    attempt: _Attempt, state: AccountThrottle, windows: list[Window], user: UserRecord | None
) -> NoReturn:
    """Unknown or disabled: the address still locks exactly as a real account would."""
    deps = attempt.deps
    await deps.throttle.hit(windows, attempt.now)
    failed = record_account_failure(state, attempt.now, deps.lockout)
    await deps.throttle.save_account_state(attempt.email, failed)
    async with deps.db.transaction() as db:
        await attempt.audit(db, user, reason="disabled" if user else "unknown")
    raise Unauthenticated(GENERIC_FAILURE)


async def _fail_with_account(
    attempt: _Attempt, user: UserRecord, windows: list[Window], reason: str
) -> NoReturn:
    deps = attempt.deps
    await deps.throttle.hit(windows, attempt.now)
    async with deps.db.transaction() as db:
        current = await accounts.user_by_id(db, user.id, lock=True)
        stored = current.throttle if current else AccountThrottle()
        state = record_account_failure(stored, attempt.now, deps.lockout)
        await accounts.update_user(db, user.id, throttle=state)
        await attempt.audit(db, user, reason=reason)
        if state.locked_until is not None and state.locked_until != stored.locked_until:
            await record(
                db,
                deps,
                "lock",
                "success",
                attempt.client,
                subject_id=user.id,
                subject_email=user.email,
                until=state.locked_until.isoformat(),
            )
    raise Unauthenticated(GENERIC_FAILURE)


async def _after_success(deps: AuthDeps, user: UserRecord, password: str) -> None:
    """Clear the failure count and rehash when the hashing parameters changed."""
    changes: dict[str, object] = {}
    if user.throttle != AccountThrottle():
        changes["throttle"] = AccountThrottle()
    if deps.hasher.needs_rehash(user.password_hash):
        changes["password_hash"] = await deps.hasher.hash(password)
    if changes:
        async with deps.db.transaction() as db:
            await accounts.update_user(db, user.id, **changes)
