"""Accounts: registration, e-mail verification, password change and reset."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState, Role
from aims.auth.lockout import AccountThrottle, Locked, WindowLimit
from aims.auth.models import outbox
from aims.auth.public import (
    ClientInfo,
    InvalidInput,
    Principal,
    TooManyAttempts,
    Unauthenticated,
    UserRegistered,
)
from aims.auth.refresh_tokens import hash_refresh_token as sha256_hex
from aims.auth.repository import accounts
from aims.auth.repository import sessions as session_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.services import mail
from aims.auth.services.base import (
    RESET_TOKEN_LIFETIME,
    VERIFY_TOKEN_LIFETIME,
    AuthDeps,
    check_password_policy,
    record,
    valid_email,
    valid_new_email,
)
from aims.auth.services.signin import prove
from aims.auth.services.throttle import (
    FORGOT_PER_ACCOUNT,
    FORGOT_PER_IP,
    REGISTER_PER_IP,
    RESEND_PER_ACCOUNT,
    digest,
)

log = logging.getLogger(__name__)

VERIFY = "email_verification"
RESET = "password_reset"


async def _rate_limit(deps: AuthDeps, windows: list[tuple[str, WindowLimit]]) -> None:
    now = deps.clock()
    decision = await deps.throttle.take(windows, now)
    if isinstance(decision, Locked):
        raise TooManyAttempts(decision.retry_after_seconds(now))


async def _new_mail_token(
    db: AsyncSession, deps: AuthDeps, user_id: UUID, purpose: str, lifetime: timedelta
) -> str:
    token = secrets.token_urlsafe(32)
    now = deps.clock()
    await accounts.insert_one_time_token(
        db, sha256_hex(token), user_id, purpose, now, now + lifetime
    )
    return token


async def create_user(
    db: AsyncSession,
    deps: AuthDeps,
    email: str,
    password_hash: str,
    role: Role,
    locale: str | None = None,
) -> UserRecord | None:
    """Insert an account and publish `UserRegistered`; None when the e-mail is taken."""
    now = deps.clock()
    user = UserRecord(
        id=uuid4(),
        email=email,
        password_hash=password_hash,
        role=role,
        state=AccountState.ACTIVE,
        locale=locale,
        email_verified_at=None,
        created_at=now,
        password_changed_at=now,
        throttle=AccountThrottle(),
        locked_until=None,
    )
    if not await accounts.insert_user(db, user):
        return None
    await deps.bus.publish(db, outbox, UserRegistered(user_id=user.id, email=email, locale=locale))
    return user


async def register(
    deps: AuthDeps, raw_email: str, password: str, client: ClientInfo, locale: str | None
) -> None:
    """Create an account; an existing address gets a notice instead, with the same answer."""
    await _rate_limit(deps, [(f"auth:register:{digest(client.ip or '')}", REGISTER_PER_IP)])
    email = valid_new_email(raw_email)
    await check_password_policy(deps, password, email, "password")
    password_hash = await deps.hasher.hash(password)
    async with deps.db.transaction() as db:
        user = await create_user(db, deps, email, password_hash, Role.USER, locale)
        if user is None:
            await record(db, deps, "register", "duplicate", client, subject_email=email)
            await mail.account_exists(db, deps, email, locale)
        else:
            token = await _new_mail_token(db, deps, user.id, VERIFY, VERIFY_TOKEN_LIFETIME)
            await record(
                db, deps, "register", "success", client, subject_id=user.id, subject_email=email
            )
            await mail.verify_email(db, deps, email, token, locale)


async def verify_email(deps: AuthDeps, token: str, client: ClientInfo) -> None:
    """Mark an address verified with its single-use token."""
    now = deps.clock()
    async with deps.db.transaction() as db:
        user_id = await accounts.use_one_time_token(db, sha256_hex(token), VERIFY, now)
        if user_id is None:
            raise _bad_token()
        await accounts.update_user(db, user_id, email_verified_at=now)
        await record(db, deps, "email_verify", "success", client, subject_id=user_id)


async def resend_verification(deps: AuthDeps, principal: Principal, client: ClientInfo) -> None:
    """Mail a fresh verification link (rate-limited; nothing when already verified)."""
    await _rate_limit(deps, [(f"auth:resend:{principal.user_id.hex}", RESEND_PER_ACCOUNT)])
    async with deps.db.transaction() as db:
        user = await accounts.user_by_id(db, principal.user_id)
        if user is None or user.email_verified_at is not None:
            return
        token = await _new_mail_token(db, deps, user.id, VERIFY, VERIFY_TOKEN_LIFETIME)
        await record(db, deps, "email_verify_resend", "success", client, subject_id=user.id)
        await mail.verify_email(db, deps, user.email, token, user.locale)


async def forgot_password(deps: AuthDeps, raw_email: str, client: ClientInfo) -> None:
    """Rate-limit, then look the account up in the background: the answer never waits on it."""
    email = valid_email(raw_email)
    await _rate_limit(
        deps,
        [
            (f"auth:forgot:ip:{digest(client.ip or '')}", FORGOT_PER_IP),
            (f"auth:forgot:acct:{digest(email)}", FORGOT_PER_ACCOUNT),
        ],
    )
    deps.background.run(_send_reset_link(deps, email, client), "password reset request")


async def _send_reset_link(deps: AuthDeps, email: str, client: ClientInfo) -> None:
    async with deps.db.transaction() as db:
        user = await accounts.user_by_email(db, email)
        active = user is not None and user.state == AccountState.ACTIVE
        token = (
            await _new_mail_token(db, deps, user.id, RESET, RESET_TOKEN_LIFETIME)
            if user and active
            else None
        )
        await record(
            db,
            deps,
            "password_reset_request",
            "sent" if token else "no_account",
            client,
            subject_id=user.id if user else None,
            subject_email=email,
        )
        if user is not None and token is not None:
            await mail.reset_password(db, deps, email, token, user.locale)


async def reset_password(deps: AuthDeps, token: str, new_password: str, client: ClientInfo) -> None:
    """Set a new password with a mailed token; every session of the account ends."""
    async with deps.db.transaction() as db:
        user_id = await accounts.use_one_time_token(db, sha256_hex(token), RESET, deps.clock())
        user = None if user_id is None else await accounts.user_by_id(db, user_id)
        if user is None:
            raise _bad_token()
        await check_password_policy(deps, new_password, user.email, "password")
        revoked = await _set_password(db, deps, user, new_password, keep=None)
        await record(db, deps, "password_reset", "success", client, subject_id=user.id)
    await deps.revocations.add(revoked)


async def change_password(
    deps: AuthDeps, principal: Principal, current: str, new: str, client: ClientInfo
) -> None:
    """Change the password (current one required); other sessions end, mailed tokens die."""
    await check_password_policy(deps, new, principal.email, "new_password")
    try:
        proof = await prove(
            deps,
            principal.email,
            current,
            None,
            client,
            action="password_change",
            second_factor=False,
        )
    except Unauthenticated:  # the token is fine; the field is wrong
        message = "The current password is not correct."
        raise InvalidInput(
            message, errors=[{"field": "current_password", "message": message}]
        ) from None
    async with deps.db.transaction() as db:
        revoked = await _set_password(db, deps, proof.user, new, keep=principal.session_id)
        await record(db, deps, "password_change", "success", client, subject_id=proof.user.id)
    await deps.revocations.add(revoked)


async def _set_password(
    db: AsyncSession, deps: AuthDeps, user: UserRecord, password: str, keep: UUID | None
) -> list[UUID]:
    now = deps.clock()
    await accounts.update_user(
        db,
        user.id,
        password_hash=await deps.hasher.hash(password),
        password_changed_at=now,
        throttle=AccountThrottle(),
    )
    await accounts.kill_one_time_tokens(db, user.id, now)
    await mail.security_notice(db, deps, "password_changed", user.email, user.locale)
    return await session_rows.revoke_sessions(db, user.id, now, keep=keep)


def _bad_token() -> InvalidInput:
    message = "The link is invalid, used or expired; ask for a new one."
    return InvalidInput(message, errors=[{"field": "token", "message": message}])
