"""TOTP second factor: enrolment, confirmation with recovery codes, checks at sign-in, removal."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth import totp
from aims.auth.public import (
    ClientInfo,
    Conflict,
    InvalidInput,
    MfaEnrolment,
    MfaRequired,
    Principal,
    RecoveryCodes,
)
from aims.auth.repository import accounts
from aims.auth.repository import mfa as mfa_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.repository.mfa import MfaRecord
from aims.auth.services import mail
from aims.auth.services.base import AuthDeps, record
from aims.auth.services.mail_texts import SecurityNotice
from aims.auth.services.sessions import require_recent_sign_in
from aims.kernel.sealing import SealedBox, SealError

log = logging.getLogger(__name__)


async def check_second_factor(
    deps: AuthDeps, user: UserRecord, otp: str | None, client: ClientInfo
) -> bool | None:
    """True when `otp` is a valid code of an enrolled user, None when it is not.

    Raises `MfaRequired` when the user is enrolled and sent no code. A used
    TOTP step and a used recovery code cannot be replayed. Call it only for
    users with a confirmed second factor (False otherwise).
    """
    async with deps.db.transaction() as db:
        enrolment = await mfa_rows.get(db, user.id, lock=True)
        if enrolment is None or enrolment.confirmed_at is None:
            return False
        if not otp:
            raise MfaRequired("Enter the code from your authenticator app.")
        if await _used_totp_step(db, deps, enrolment, otp):
            return True
    if not totp.could_be_recovery_code(otp):
        return None
    presented = await deps.hasher.in_worker(
        totp.hash_recovery_code, otp, enrolment.recovery_code_hashing
    )
    return await _use_recovery_code(deps, user, presented, client)


async def _used_totp_step(db: AsyncSession, deps: AuthDeps, enrolment: MfaRecord, otp: str) -> bool:
    """Whether `otp` is a fresh TOTP code of the enrolment; its step is then stored as used."""
    secret = _readable_seed(deps, enrolment.secret)
    if secret is None:
        return False
    step = totp.verify_totp(secret, otp, deps.clock(), enrolment.last_used_step)
    if step is None:
        return False
    await mfa_rows.change(db, enrolment.user_id, last_used_step=step)
    return True


async def _use_recovery_code(
    deps: AuthDeps, user: UserRecord, presented_hash: str, client: ClientInfo
) -> bool | None:
    """Mark the unused recovery code with this hash used (under the row lock, so only one of
    two concurrent uses wins); None when there is none."""
    async with deps.db.transaction() as db:
        enrolment = await mfa_rows.get(db, user.id, lock=True)
        hashes = [] if enrolment is None else list(enrolment.recovery_code_hashes)
        index = totp.match_recovery_code(presented_hash, hashes)
        if index is None:
            return None
        hashes[index] = None
        await mfa_rows.change(db, user.id, recovery_code_hashes=hashes)
        await record(
            db,
            deps,
            "mfa_recovery_code_used",
            "success",
            client,
            subject_id=user.id,
            remaining=sum(code is not None for code in hashes),
        )
        return True


def _readable_seed(deps: AuthDeps, stored: str) -> str | None:
    """The TOTP seed, or None when it was sealed under another application secret."""
    try:
        return _seeds(deps).open_text(stored)
    except SealError:
        log.warning("a TOTP seed cannot be opened; was AIMS_SECRET_KEY changed?")
        return None


def _seeds(deps: AuthDeps) -> SealedBox:
    return deps.sealer.box("totp")


async def begin(deps: AuthDeps, principal: Principal, client: ClientInfo) -> MfaEnrolment:
    """A new pending TOTP secret for the user."""
    await require_recent_sign_in(deps, principal)
    secret = totp.new_totp_secret()
    async with deps.db.transaction() as db:
        current = await mfa_rows.get(db, principal.user_id, lock=True)
        if current is not None and current.confirmed_at is not None:
            raise Conflict("A second factor is already set up; remove it first.")
        await mfa_rows.start(db, principal.user_id, _seeds(deps).seal_text(secret), deps.clock())
        await record(db, deps, "mfa_enrol", "started", client, subject_id=principal.user_id)
    uri = totp.provisioning_uri(secret, principal.email)
    return MfaEnrolment(secret=secret, otpauth_uri=uri, qr_svg=totp.qr_code_svg(uri))


async def confirm(
    deps: AuthDeps, principal: Principal, code: str, client: ClientInfo
) -> RecoveryCodes:
    """Enable the pending secret with a first valid code; returns recovery codes once."""
    now = deps.clock()
    async with deps.db.transaction() as db:
        pending = await mfa_rows.get(db, principal.user_id, lock=True)
        if pending is None or pending.confirmed_at is not None:
            raise Conflict("There is no pending second-factor set-up.")
        secret = _readable_seed(deps, pending.secret)
        step = (
            None if secret is None else totp.verify_totp(secret, code, now, pending.last_used_step)
        )
        if step is None:
            raise InvalidInput(
                "The code is not valid.", errors=[{"field": "code", "message": "not valid"}]
            )
        codes = totp.new_recovery_codes()
        hashing = totp.new_recovery_code_hashing(deps.hasher.parameters)
        hashes = await deps.hasher.in_worker(totp.hash_recovery_codes, codes, hashing)
        await mfa_rows.change(
            db,
            principal.user_id,
            confirmed_at=now,
            last_used_step=step,
            **mfa_rows.recovery_codes(hashes, hashing),
        )
        await record(db, deps, "mfa_enrol", "success", client, subject_id=principal.user_id)
        await _notify(db, deps, "mfa_enabled", principal)
    return RecoveryCodes(codes=tuple(codes))


async def disable(deps: AuthDeps, principal: Principal, client: ClientInfo) -> None:
    """Remove the second factor."""
    await require_recent_sign_in(deps, principal)
    async with deps.db.transaction() as db:
        await mfa_rows.remove(db, principal.user_id)
        await record(db, deps, "mfa_disable", "success", client, subject_id=principal.user_id)
        await _notify(db, deps, "mfa_disabled", principal)


async def _notify(
    db: AsyncSession, deps: AuthDeps, kind: SecurityNotice, principal: Principal
) -> None:
    user = await accounts.user_by_id(db, principal.user_id)
    if user is not None:
        await mail.security_notice(db, deps, kind, user.email, user.locale)
