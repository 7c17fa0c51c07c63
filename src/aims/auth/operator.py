"""What the operator's command line may do to auth, with no signed-in principal.

`aims users ...` and `aims keys ...` open an `AuthOperator` on the same
database (and Redis) as `aims run`; every change is audited with no actor.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from aims.auth.domain import Role
from aims.auth.facade import build_deps
from aims.auth.keys import KeyRing
from aims.auth.public import Conflict, NotFound, UserView
from aims.auth.repository import accounts as account_rows
from aims.auth.services import accounts, admin, maintenance
from aims.auth.services.base import (
    AuthDeps,
    check_password_policy,
    record,
    valid_email,
    valid_new_email,
)
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings


class AuthOperator:
    """Operator commands: create the first super_admin, change roles and states, manage keys."""

    def __init__(self, deps: AuthDeps) -> None:
        self.deps = deps

    @classmethod
    @asynccontextmanager
    async def open(cls, settings: Settings, database_url: str) -> AsyncIterator[AuthOperator]:
        """An operator on the app's database and store, closed (mail sent) on exit."""
        runtime = Runtime.build(settings, database_url)
        operator = cls(build_deps(runtime))
        try:
            yield operator
        finally:
            await operator.deps.background.drain()
            await runtime.store.close()
            await runtime.db.dispose()

    async def create_admin(self, raw_email: str, password: str) -> UUID:
        """A verified super_admin account; refuses weak passwords and taken addresses."""
        email = valid_new_email(raw_email)
        await check_password_policy(self.deps, password, email, "password")
        password_hash = await self.deps.hasher.hash(password)
        async with self.deps.db.transaction() as db:
            user = await accounts.create_user(db, self.deps, email, password_hash, Role.SUPER_ADMIN)
            if user is None:
                raise Conflict(f"{email} already has an account; use `aims users set-role`")
            await account_rows.update_user(db, user.id, email_verified_at=self.deps.clock())
            await record(
                db,
                self.deps,
                "admin_create",
                "success",
                None,
                subject_id=user.id,
                subject_email=email,
            )
        return user.id

    async def set_role(self, email: str, role: Role) -> UserView:
        """Change the role of the account with this e-mail."""
        return await admin.set_role(self.deps, None, await self._user_id(email), role, None)

    async def disable(self, email: str) -> UserView:
        """Disable an account; its sessions end at once."""
        return await admin.set_disabled(self.deps, None, await self._user_id(email), True, None)

    async def unlock(self, email: str) -> UserView:
        """Lift a brute-force lock."""
        return await admin.unlock(self.deps, None, await self._user_id(email), None)

    async def rotate_keys(self) -> KeyRing:
        """Promote the next signing key now and publish a new next key."""
        return await maintenance.rotate_keys(self.deps, force=True)

    async def keys(self) -> KeyRing:
        """The published signing keys (created on first use)."""
        return await maintenance.ensure_keys(self.deps)

    async def _user_id(self, raw_email: str) -> UUID:
        email = valid_email(raw_email)
        async with self.deps.db.transaction() as db:
            user = await account_rows.user_by_email(db, email)
        if user is None:
            raise NotFound(f"no account has the e-mail {email}")
        return user.id
