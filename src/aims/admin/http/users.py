"""Users: list, read, change role or state, unlock, end sessions; their audit trail; stats."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import (
    FromPath,
    FromQuery,
    JSONBody,
    Parameter,
    QueryParameter,
    SkipValidation,
)

from aims.admin.http.documents import NO_STORE, Admin, Client
from aims.admin.public import (
    MAX_USER_SEARCH_LENGTH,
    AccountAuditPage,
    AuditQuery,
    ConsoleStats,
    ManagedUser,
    ManagedUserPage,
    UserChanges,
    UserFilter,
    UsersFacade,
)
from aims.auth.public import (
    AccountState,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Role,
    SessionView,
)
from aims.kernel.messages import RequestBody
from aims.kernel.openapi import problems
from aims.kernel.query import Instant, KeysetId, parse_instant

Users = NamedDependency[SkipValidation[UsersFacade]]
Cursor = Annotated[str | None, Parameter(max_length=400)]
Limit = Annotated[int, Parameter(ge=1, le=200)]
ACTION_MAX_LENGTH = 60


class UserPatch(RequestBody, frozen=True, kw_only=True):
    """A new role (super_admin only) and/or whether the account is disabled."""

    role: Role | None = None
    disabled: bool | None = None


class UsersController(Controller):
    """`/users`: accounts as administrators manage them."""

    path = "/users"
    tags = ["admin: users"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/", opt=problems(422))
    async def list_users(
        self,
        admin: Admin,
        users: Users,
        q: Annotated[
            str | None,
            Parameter(max_length=MAX_USER_SEARCH_LENGTH, description="e-mail or name contains"),
        ] = None,
        role: FromQuery[Role | None] = None,
        account_state: Annotated[AccountState | None, QueryParameter(name="state")] = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Response[ManagedUserPage]:
        """Users by e-mail, searched by e-mail or display name, filtered by role and state;
        pass `next_cursor` as `cursor` for the next page."""
        wanted = UserFilter(search=q, role=role, state=account_state, cursor=cursor, limit=limit)
        return Response(await users.list_users(admin, wanted), headers=NO_STORE)

    @get("/{user_id:uuid}", opt=problems(404))
    async def get_user(
        self, user_id: FromPath[UUID], admin: Admin, users: Users
    ) -> Response[ManagedUser]:
        """One account with its display name."""
        return Response(await users.get_user(admin, user_id), headers=NO_STORE)

    @patch("/{user_id:uuid}", opt=problems(Forbidden, NotFound, Conflict, InvalidInput))
    async def change_user(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[UserPatch],
        admin: Admin,
        users: Users,
        client: Client,
    ) -> Response[ManagedUser]:
        """Change the role (super_admin only) and/or disable or enable the account; its
        sessions end at once. Nobody demotes or disables themselves or the last super_admin."""
        changes = UserChanges(role=data.role, disabled=data.disabled)
        return Response(await users.change_user(admin, user_id, changes, client), headers=NO_STORE)

    @post("/{user_id:uuid}/unlock", status_code=200, opt=problems(NotFound))
    async def unlock(
        self, user_id: FromPath[UUID], admin: Admin, users: Users, client: Client
    ) -> Response[ManagedUser]:
        """Lift a brute-force lock."""
        return Response(await users.unlock(admin, user_id, client), headers=NO_STORE)

    @post("/{user_id:uuid}/revoke-sessions", status_code=204, opt=problems(NotFound))
    async def revoke_sessions(
        self, user_id: FromPath[UUID], admin: Admin, users: Users, client: Client
    ) -> None:
        """End every session of the account; its access tokens are refused at once."""
        await users.revoke_sessions(admin, user_id, client)

    @get("/{user_id:uuid}/sessions", opt=problems(NotFound))
    async def sessions(
        self, user_id: FromPath[UUID], admin: Admin, users: Users
    ) -> Response[list[SessionView]]:
        """The account's live sessions."""
        return Response(await users.sessions(admin, user_id), headers=NO_STORE)


class AccountAuditController(Controller):
    """`/audit/accounts`: sign-ins, locks, MFA and password changes, and user administration."""

    path = "/audit/accounts"
    tags = ["admin: users"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/", opt=problems())
    async def account_audit(
        self,
        admin: Admin,
        users: Users,
        actor: FromQuery[UUID | None] = None,
        action: Annotated[str | None, Parameter(max_length=ACTION_MAX_LENGTH)] = None,
        subject: FromQuery[UUID | None] = None,
        since: Instant = None,
        until: Instant = None,
        before: KeysetId = None,
        limit: Limit = 50,
    ) -> Response[AccountAuditPage]:
        """Account events newest first, by actor, action, subject and time (`since` <= t <
        `until`); pass `next_before` as `before` for older ones."""
        query = AuditQuery(
            actor_id=actor,
            action=action,
            subject_id=subject,
            since=parse_instant(since, "since"),
            until=parse_instant(until, "until"),
            before=before,
            limit=limit,
        )
        return Response(await users.audit(admin, query), headers=NO_STORE)


@get("/stats", opt=problems(), tags=["admin: users"])
async def stats(admin: Admin, users: Users, since: Instant = None) -> Response[ConsoleStats]:
    """Accounts by role and state, documents by status, jobs waiting or running, pages
    finished since `since` (default: the start of today, UTC) and the newest failed jobs."""
    start = parse_instant(since, "since") or datetime.combine(
        datetime.now(UTC).date(), time(), tzinfo=UTC
    )
    return Response(await users.stats(admin, start), headers=NO_STORE)
