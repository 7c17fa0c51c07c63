"""The brute-force bookkeeping of one attempt to prove an identity (password or code).

IP windows for everyone; then either the client's device cookie keeps its own
failure count (a browser that signed in before), or the account's lock applies
(strangers). Every refusal is audited and answered with one generic error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState, InvalidEmailError, normalize_email
from aims.auth.lockout import (
    AccountThrottle,
    Locked,
    check_account,
    is_invalidated_device,
    record_account_failure,
)
from aims.auth.public import ClientInfo, TooManyAttempts, Unauthenticated
from aims.auth.repository import accounts
from aims.auth.repository.accounts import UserRecord
from aims.auth.services import devices
from aims.auth.services.base import AuthDeps, record
from aims.auth.services.throttle import Window, login_windows

GENERIC_FAILURE = "The e-mail address or password is not correct."


@dataclass(frozen=True)
class Attempt:
    """One attempt: who it names, from where, and which count its failure goes to."""

    deps: AuthDeps
    email: str  # normalised; "" when the input is no address
    client: ClientInfo
    action: str
    now: datetime
    named: UserRecord | None = None  # the account the e-mail names, in any state
    device: devices.KnownDevice | None = None  # this client's device cookie for the account
    stranger_state: AccountThrottle = field(default_factory=AccountThrottle)  # without a device

    @property
    def user(self) -> UserRecord | None:
        """The account, when it may sign in at all (active)."""
        active = self.named is not None and self.named.state == AccountState.ACTIVE
        return self.named if active else None

    @property
    def windows(self) -> list[Window]:
        """The per-IP and per-(IP, account) failure windows."""
        return login_windows(self.client.ip, self.email)

    async def for_account(self, named: UserRecord | None) -> Attempt:
        """This attempt once the account is known (and whether the client is its device)."""
        found = replace(self, named=named)
        if found.user is None:
            return replace(found, stranger_state=await self.deps.throttle.account_state(self.email))
        device = await devices.recognised(self.deps, self.client.device, found.user.id)
        return replace(found, device=device, stranger_state=found.user.throttle)

    async def refuse_if_throttled(self) -> None:
        """`TooManyAttempts` when an IP window is full."""
        window_lock = await self.deps.throttle.check(self.windows, self.now)
        if isinstance(window_lock, Locked):
            raise TooManyAttempts(window_lock.retry_after_seconds(self.now))

    async def refuse_if_locked(self, password: str | None) -> None:
        """`TooManyAttempts` when the account is locked for strangers (devices have their own
        count and are never locked: a device that reached the limit is no device any more)."""
        if self.device is not None:
            return
        lock = check_account(self.stranger_state, self.now)
        if isinstance(lock, Locked):
            if password is not None:
                await self.deps.hasher.verify_decoy(password)  # the same time as any answer
            await self.deps.throttle.hit(self.windows, self.now)
            async with self.deps.db.transaction() as db:
                await self._audit(db, "locked")
            raise TooManyAttempts(lock.retry_after_seconds(self.now))

    async def fail(self, reason: str, message: str = GENERIC_FAILURE) -> NoReturn:
        """Count the failure where it belongs, audit it, and refuse."""
        await self.deps.throttle.hit(self.windows, self.now)
        if self.device is not None:
            await self._fail_device(reason)
        elif self.user is not None:
            await self._fail_account(self.user, reason)
        else:
            failed = record_account_failure(self.stranger_state, self.now, self.deps.lockout)
            await self.deps.throttle.save_account_state(self.email, failed)
            async with self.deps.db.transaction() as db:
                await self._audit(db, reason)
        raise Unauthenticated(message)

    async def succeeded(self, user: UserRecord) -> None:
        """Clear the failure count the attempt used (the device's, or the account's)."""
        if self.device is not None:
            if self.device.state != AccountThrottle():
                await self._save_device(AccountThrottle())
        elif user.throttle != AccountThrottle():
            async with self.deps.db.transaction() as db:
                await accounts.update_user(db, user.id, throttle=AccountThrottle())

    async def _save_device(self, state: AccountThrottle) -> None:
        assert self.device is not None
        await self.deps.throttle.save_device_state(
            self.device.nonce, state, devices.DEVICE_LIFETIME
        )

    async def _fail_device(self, reason: str) -> None:
        assert self.device is not None
        stored = await self.deps.throttle.device_state(self.device.nonce)  # as late as possible
        state = record_account_failure(stored, self.now, self.deps.lockout)
        await self._save_device(state)
        async with self.deps.db.transaction() as db:
            await self._audit(db, reason, device="trusted")
            if is_invalidated_device(state):
                await self._record(db, "device_lock", "success")

    async def _fail_account(self, user: UserRecord, reason: str) -> None:
        async with self.deps.db.transaction() as db:
            current = await accounts.user_by_id(db, user.id, lock=True)
            stored = current.throttle if current else AccountThrottle()
            state = record_account_failure(stored, self.now, self.deps.lockout)
            await accounts.update_user(db, user.id, throttle=state)
            await self._audit(db, reason)
            if state.locked_until is not None and state.locked_until != stored.locked_until:
                await self._record(db, "lock", "success", until=state.locked_until.isoformat())

    async def _audit(self, db: AsyncSession, reason: str, **details: str) -> None:
        await self._record(db, self.action, "failure", reason=reason, **details)

    async def _record(self, db: AsyncSession, action: str, result: str, **details: str) -> None:
        await record(
            db,
            self.deps,
            action,
            result,
            self.client,
            subject_id=self.named.id if self.named else None,
            subject_email=self.email or None,
            **details,
        )


def email_or_blank(raw: str) -> str:
    """The normalised address, or "" (an attempt that names no account)."""
    try:
        return normalize_email(raw)
    except InvalidEmailError:
        return ""
