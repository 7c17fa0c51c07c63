"""Signing in: the password step, the MFA challenge step, and step-up re-authentication."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import Counter

from aims.auth.public import (
    ClientInfo,
    EmailNotVerified,
    MfaChallenge,
    Principal,
    SignedIn,
    TooManyAttempts,
    Unauthenticated,
)
from aims.auth.repository import accounts
from aims.auth.repository import sessions as session_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.services import challenges, devices, mfa
from aims.auth.services.attempts import GENERIC_FAILURE, Attempt, email_or_blank
from aims.auth.services.base import AuthDeps, audit_entry, record
from aims.auth.services.maintenance import ready_to_sign
from aims.auth.services.sessions import start_session

LOGINS = Counter("aims_auth_logins", "Sign-in attempts by result", ["result"])
WRONG_CODE = "The code is not correct."


@dataclass(frozen=True)
class Proof:
    """An account whose password (and, for step-up, code) was just proven."""

    user: UserRecord
    enrolled: bool  # the account has a confirmed second factor
    mfa_used: bool
    attempt: Attempt


async def login(
    deps: AuthDeps, raw_email: str, password: str, client: ClientInfo
) -> SignedIn | MfaChallenge:
    """The password step: signed in, or a challenge for the second factor."""
    try:
        proof = await prove(deps, raw_email, password, None, client, action="login")
        _may_sign_in(deps, proof.user)
    except (TooManyAttempts, Unauthenticated) as refused:
        LOGINS.labels(result=refused.code).inc()
        raise
    if proof.enrolled:
        LOGINS.labels(result="mfa_required").inc()
        return await challenges.issue(deps, proof.user, client)
    await proof.attempt.succeeded(proof.user)
    LOGINS.labels(result="success").inc()
    return await _signed_in(deps, proof.user, client, mfa_used=False)


async def login_mfa(deps: AuthDeps, challenge: str, code: str, client: ClientInfo) -> SignedIn:
    """The second step: a TOTP or recovery code for a live challenge of this client."""
    try:
        taken = await challenges.take(deps, challenge, client)
        attempt, user = taken.attempt, taken.user
        await attempt.refuse_if_throttled()
        await attempt.refuse_if_locked(None)
        if not code.strip() or not await mfa.check_second_factor(deps, user, code, client):
            await challenges.wrong_code(deps, taken)
            await attempt.fail("bad_otp", WRONG_CODE)
        await challenges.used(deps, taken)
    except (TooManyAttempts, Unauthenticated) as refused:
        LOGINS.labels(result=refused.code).inc()
        raise
    await attempt.succeeded(user)
    LOGINS.labels(result="success").inc()
    return await _signed_in(deps, user, client, mfa_used=True)


async def reauthenticate(
    deps: AuthDeps, principal: Principal, password: str, otp: str | None, client: ClientInfo
) -> None:
    """Prove the password (and code) again; step-up operations are allowed for the next minutes."""
    proof = await prove(
        deps, principal.email, password, otp, client, action="reauthenticate", second_factor=True
    )
    if proof.user.id != principal.user_id:
        raise Unauthenticated(GENERIC_FAILURE)
    await proof.attempt.succeeded(proof.user)
    async with deps.db.transaction() as db:
        await session_rows.touch_session(db, principal.session_id, authenticated_at=deps.clock())
        await record(db, deps, "reauthenticate", "success", client, subject_id=principal.user_id)


async def prove(
    deps: AuthDeps,
    raw_email: str,
    password: str,
    otp: str | None,
    client: ClientInfo,
    *,
    action: str,
    second_factor: bool = False,
) -> Proof:
    """Check a password with every protection; raises on any failure, one generic answer.

    With `second_factor` (step-up) an enrolled account's `otp` is checked too; otherwise
    the caller decides what the second factor needs. The caller clears the failure
    count (`proof.attempt.succeeded`) once the whole proof is done.
    """
    attempt = Attempt(deps, email_or_blank(raw_email), client, action, deps.clock())
    await attempt.refuse_if_throttled()
    async with deps.db.autocommit() as db:
        found = await accounts.sign_in_candidate(db, attempt.email) if attempt.email else None
    named, enrolled = found or (None, False)
    attempt = await attempt.for_account(named)
    await attempt.refuse_if_locked(password)
    user = attempt.user
    if user is None:
        await deps.hasher.verify_decoy(password)
        await attempt.fail("disabled" if named else "unknown")
    if not await deps.hasher.verify(user.password_hash, password):
        await attempt.fail("bad_password")
    await _rehash_if_needed(deps, user, password)
    mfa_used = False
    if enrolled and second_factor:
        mfa_used = bool(await mfa.check_second_factor(deps, user, otp, client))
        if not mfa_used:
            await attempt.fail("bad_otp")
    return Proof(user=user, enrolled=enrolled, mfa_used=mfa_used, attempt=attempt)


async def _rehash_if_needed(deps: AuthDeps, user: UserRecord, password: str) -> None:
    """Store a new hash of a proven password when the hashing parameters changed."""
    if deps.hasher.needs_rehash(user.password_hash):
        new_hash = await deps.hasher.hash(password)
        async with deps.db.transaction() as db:
            await accounts.update_user(db, user.id, password_hash=new_hash)


def _may_sign_in(deps: AuthDeps, user: UserRecord) -> None:
    if deps.settings.require_email_verification and user.email_verified_at is None:
        raise EmailNotVerified("Verify your e-mail address before signing in.")


async def _signed_in(
    deps: AuthDeps, user: UserRecord, client: ClientInfo, *, mfa_used: bool
) -> SignedIn:
    """Open the session, audit the sign-in, and hand out a fresh device cookie."""
    await ready_to_sign(deps)
    success = audit_entry(
        deps, "login", "success", client, subject_id=user.id, subject_email=user.email
    )
    pair = await start_session(deps, user, client, mfa=mfa_used, audit=success)
    return SignedIn(tokens=pair, device_cookie=devices.issue(deps, user.id))
