"""What every auth use case needs: the clock, the tools, audit records, typed input checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import InvalidEmailError, normalize_email
from aims.auth.lockout import LockoutPolicy
from aims.auth.lookalike import lookalike_problem
from aims.auth.password_policy import PasswordPolicy
from aims.auth.passwords import PasswordHasher
from aims.auth.public import ClientInfo, InvalidInput
from aims.auth.refresh_tokens import RefreshLifetimes
from aims.auth.repository import audit
from aims.auth.services.account_views import AccountViews
from aims.auth.services.keyring import KeyRingCache
from aims.auth.services.revocation import RevocationList
from aims.auth.services.throttle import Throttle
from aims.auth.tokens import TokenCodec
from aims.kernel.db import Database, NewRow
from aims.kernel.events import EventBus
from aims.kernel.logging import request_id_var
from aims.kernel.mail import Background, MailQueue
from aims.kernel.sealing import Sealer
from aims.kernel.settings import Settings

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime; tests pass one they can move."""

STEP_UP_WINDOW = timedelta(minutes=5)
RESET_TOKEN_LIFETIME = timedelta(hours=1)
VERIFY_TOKEN_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True, kw_only=True)
class AuthDeps:
    """The tools of the auth use cases, built once per process."""

    settings: Settings
    db: Database
    bus: EventBus
    hasher: PasswordHasher
    policy: PasswordPolicy
    codec: TokenCodec
    keys: KeyRingCache
    revocations: RevocationList
    account_views: AccountViews
    throttle: Throttle
    mail: MailQueue
    sealer: Sealer
    background: Background
    clock: Clock
    lockout: LockoutPolicy
    refresh_lifetimes: RefreshLifetimes


def audit_entry(
    deps: AuthDeps,
    action: str,
    result: str,
    client: ClientInfo | None,
    *,
    actor_id: UUID | None = None,
    subject_id: UUID | None = None,
    subject_email: str | None = None,
    **details: Any,
) -> NewRow:
    """An audit record to insert (never pass a password, token or secret in `details`)."""
    return audit.new_record(
        occurred_at=deps.clock(),
        action=action,
        result=result,
        actor_id=actor_id,
        subject_id=subject_id,
        subject_email=subject_email,
        ip=client.ip if client else None,
        user_agent=(client.user_agent or "")[:400] or None if client else None,
        request_id=request_id_var.get(),
        details={key: str(value) for key, value in details.items()},
    )


async def record(
    db: AsyncSession,
    deps: AuthDeps,
    action: str,
    result: str,
    client: ClientInfo | None,
    **fields: Any,
) -> None:
    """Append an audit record in the caller's transaction (see `audit_entry`)."""
    await audit_entry(deps, action, result, client, **fields).insert_in(db)


def valid_email(raw: str, field: str = "email") -> str:
    """The normalised address, or `InvalidInput` naming the field."""
    try:
        return normalize_email(raw)
    except InvalidEmailError as exc:
        raise InvalidInput(exc.reason, errors=[{"field": field, "message": exc.reason}]) from None


LOOKALIKE_REASONS = {
    "invisible_characters": "an e-mail address must not contain invisible or bidi characters",
    "mixed_scripts": "an e-mail address must not mix writing systems (such as Latin and Cyrillic)",
}


def valid_new_email(raw: str, field: str = "email") -> str:
    """`valid_email`, also refusing an address that could pass for another (see `lookalike`)."""
    email = valid_email(raw, field)
    problem = lookalike_problem(email)
    if problem is not None:
        reason = LOOKALIKE_REASONS[problem]
        raise InvalidInput(reason, errors=[{"field": field, "message": reason, "code": problem}])
    return email


async def check_password_policy(deps: AuthDeps, password: str, email: str, field: str) -> None:
    """Refuse a password the NIST-style policy rejects, naming the field and each reason.

    The comparison with the e-mail address costs milliseconds: it runs off the event loop."""
    violations = await deps.hasher.in_worker(deps.policy.violations, password, email)
    if violations:
        raise InvalidInput(
            violations[0].message,
            errors=[
                {"field": field, "message": v.message, "code": str(v.code)} for v in violations
            ],
        )
