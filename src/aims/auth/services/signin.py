"""Signing in: throttles, the decoy hash, account locks, the second factor, step-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

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
from aims.auth.repository.accounts import UserRecord
from aims.auth.services import mfa
from aims.auth.services.base import AuthDeps, record
from aims.auth.services.maintenance import ready_to_sign
from aims.auth.services.sessions import start_session
from aims.auth.services.throttle import Window, login_windows

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
    proof = await prove(deps, raw_email, password, otp, client, action="login")
    if deps.settings.require_email_verification and proof.user.email_verified_at is None:
        raise EmailNotVerified("Verify your e-mail address before signing in.")
    await ready_to_sign(deps)
    async with deps.db.transaction() as db:
        pair = await start_session(db, deps, proof.user, client, mfa=proof.mfa_used)
        await record(
            db,
            deps,
            "login",
            "success",
            client,
            subject_id=proof.user.id,
            subject_email=proof.user.email,
        )
    return pair


async def reauthenticate(
    deps: AuthDeps, principal: Principal, password: str, otp: str | None, client: ClientInfo
) -> None:
    """Prove the password again; step-up operations are allowed for the next minutes."""
    proof = await prove(deps, principal.email, password, otp, client, action="reauthenticate")
    if proof.user.id != principal.user_id:
        raise Unauthenticated(GENERIC_FAILURE)
    async with deps.db.transaction() as db:
        await accounts.touch_session(db, principal.session_id, authenticated_at=deps.clock())
        await record(db, deps, "reauthenticate", "success", client, subject_id=principal.user_id)


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
    now = deps.clock()
    email = _email_or_blank(raw_email)
    windows = login_windows(client.ip, email)
    window_lock = await deps.throttle.check(windows, now)
    if isinstance(window_lock, Locked):
        raise TooManyAttempts(window_lock.retry_after_seconds(now))
    async with deps.db.transaction() as db:
        user = await accounts.user_by_email(db, email) if email else None
    if user is None or user.state != AccountState.ACTIVE:
        await deps.hasher.verify_decoy(password)
        await _fail_without_account(deps, email, windows, client, action, now, user)
    lock = check_account(user.throttle, now)
    if isinstance(lock, Locked):
        await deps.hasher.verify_decoy(password)
        await _audit_failure(deps, action, "locked", client, user)
        raise TooManyAttempts(lock.retry_after_seconds(now))
    if not await deps.hasher.verify(user.password_hash, password):
        await _fail_with_account(deps, user, windows, client, action, now)
    mfa_used = await mfa.check_second_factor(deps, user, otp, client) if second_factor else False
    if mfa_used is None:
        await _fail_with_account(deps, user, windows, client, action, now, reason="bad_otp")
    await _after_success(deps, user, password)
    return _Proof(user=user, mfa_used=bool(mfa_used))


def _email_or_blank(raw: str) -> str:
    try:
        return normalize_email(raw)
    except InvalidEmailError:
        return ""


async def _fail_without_account(
    deps: AuthDeps,
    email: str,
    windows: list[Window],
    client: ClientInfo,
    action: str,
    now: datetime,
    user: UserRecord | None,
) -> NoReturn:
    """Unknown or disabled: the address still locks exactly as a real account would."""
    await deps.throttle.hit(windows, now)
    state = record_account_failure(await deps.throttle.account_state(email), now, deps.lockout)
    await deps.throttle.save_account_state(email, state)
    async with deps.db.transaction() as db:
        await record(
            db,
            deps,
            action,
            "failure",
            client,
            subject_id=user.id if user else None,
            subject_email=email or None,
            reason="disabled" if user else "unknown",
        )
    raise Unauthenticated(GENERIC_FAILURE)


async def _fail_with_account(
    deps: AuthDeps,
    user: UserRecord,
    windows: list[Window],
    client: ClientInfo,
    action: str,
    now: datetime,
    reason: str = "bad_password",
) -> NoReturn:
    await deps.throttle.hit(windows, now)
    async with deps.db.transaction() as db:
        locked = await accounts.user_by_email(db, user.email, lock=True)
        state = record_account_failure(
            locked.throttle if locked else AccountThrottle(), now, deps.lockout
        )
        await accounts.update_user(db, user.id, throttle=state)
        await record(
            db,
            deps,
            action,
            "failure",
            client,
            subject_id=user.id,
            subject_email=user.email,
            reason=reason,
        )
        if state.locked_until is not None and state.failures == ():
            await record(
                db,
                deps,
                "lock",
                "success",
                client,
                subject_id=user.id,
                subject_email=user.email,
                until=state.locked_until.isoformat(),
            )
    raise Unauthenticated(GENERIC_FAILURE)


async def _audit_failure(
    deps: AuthDeps, action: str, reason: str, client: ClientInfo, user: UserRecord
) -> None:
    async with deps.db.transaction() as db:
        await record(
            db,
            deps,
            action,
            "failure",
            client,
            subject_id=user.id,
            subject_email=user.email,
            reason=reason,
        )


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
