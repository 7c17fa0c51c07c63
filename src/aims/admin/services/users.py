"""User administration: auth's accounts joined with the profiles' names, and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from aims.admin.public import (
    AccountAuditEntry,
    AccountAuditPage,
    AuditQuery,
    ConsoleStats,
    DocumentsFacade,
    ManagedUser,
    ManagedUserPage,
    UserChanges,
    UserFilter,
)
from aims.auth.public import AuthFacade, ClientInfo, Principal, SessionView, UserView
from aims.profiles.public import ProfilesFacade

NAME_MATCHES = 100
"""Profiles whose names match a search that one page of users considers."""


@dataclass(frozen=True)
class UserAdministration:
    """`UsersFacade` over the auth, profiles and document facades."""

    auth: AuthFacade
    profiles: ProfilesFacade
    documents: DocumentsFacade

    async def list_users(self, actor: Principal, wanted: UserFilter) -> ManagedUserPage:
        """Users by e-mail whose e-mail or name contains the search."""
        search = (wanted.search or "").strip() or None
        named: tuple[UUID, ...] = ()
        if search:
            found = await self.profiles.search_by_name(search, NAME_MATCHES)
            named = tuple(profile.user_id for profile in found)
        page = await self.auth.list_users(
            actor,
            search,
            wanted.cursor,
            wanted.limit,
            role=wanted.role,
            state=wanted.state,
            or_ids=named,
        )
        return ManagedUserPage(items=await self._named(page.items), next_cursor=page.next_cursor)

    async def get_user(self, actor: Principal, user_id: UUID) -> ManagedUser:
        """One account with its display name."""
        return (await self._named([await self.auth.get_user(actor, user_id)]))[0]

    async def change_user(
        self, actor: Principal, user_id: UUID, changes: UserChanges, client: ClientInfo
    ) -> ManagedUser:
        """Role and/or state, changed by auth (which audits it and ends the sessions)."""
        changed = await self.auth.change_user(actor, user_id, changes, client)
        return (await self._named([changed]))[0]

    async def unlock(self, actor: Principal, user_id: UUID, client: ClientInfo) -> ManagedUser:
        """Lift a brute-force lock."""
        return (await self._named([await self.auth.unlock(actor, user_id, client)]))[0]

    async def revoke_sessions(self, actor: Principal, user_id: UUID, client: ClientInfo) -> None:
        """End every session of the account (it must exist)."""
        await self.auth.get_user(actor, user_id)
        await self.auth.revoke_user_sessions(actor, user_id, client)

    async def sessions(self, actor: Principal, user_id: UUID) -> list[SessionView]:
        """The account's live sessions."""
        await self.auth.get_user(actor, user_id)
        return await self.auth.user_sessions(actor, user_id)

    async def audit(self, actor: Principal, query: AuditQuery) -> AccountAuditPage:
        """Account events newest first, with the e-mail of each actor."""
        page = await self.auth.search_audit(actor, query)
        actor_ids = tuple({r.actor_id for r in page.items if r.actor_id is not None})
        emails = {user.id: user.email for user in await self.auth.find_users(actor, actor_ids)}
        items = tuple(
            AccountAuditEntry(
                id=r.id,
                occurred_at=r.occurred_at,
                action=r.action,
                result=r.result,
                actor_id=r.actor_id,
                actor_email=emails.get(r.actor_id) if r.actor_id else None,
                subject_id=r.subject_id,
                subject_email=r.subject_email,
                ip=r.ip,
                user_agent=r.user_agent,
                request_id=r.request_id,
                details=r.details,
            )
            for r in page.items
        )
        return AccountAuditPage(items=items, next_before=page.next_cursor)

    async def stats(self, actor: Principal, since: datetime) -> ConsoleStats:
        """Accounts by role and state; documents, queue, pages and failures."""
        users = await self.auth.user_stats(actor)
        documents = await self.documents.overview(actor, since)
        return ConsoleStats(users=users, documents=documents, since=since)

    async def _named(self, users: list[UserView] | tuple[UserView, ...]) -> tuple[ManagedUser, ...]:
        names = await self.profiles.display_names(tuple(user.id for user in users))
        return tuple(
            ManagedUser(
                id=user.id,
                email=user.email,
                display_name=names.get(user.id),
                role=user.role,
                state=user.state,
                email_verified=user.email_verified,
                mfa_enabled=user.mfa_enabled,
                created_at=user.created_at,
                locked_until=user.locked_until,
            )
            for user in users
        )
