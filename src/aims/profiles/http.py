"""JSON API of profiles: `/api/v1/profiles/...`."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get, patch
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from aims.auth.public import Forbidden, Principal, Role
from aims.kernel.openapi import problems
from aims.profiles.public import Profile, ProfileChanges, ProfileRead, ProfilesFacade

PRIVATE = {"Cache-Control": "no-store"}


class ProfilesController(Controller):
    """My profile, and (for admins) anyone's."""

    path = "/api/v1/profiles"
    tags = ["profiles"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/me")
    async def get_mine(
        self, principal: NamedDependency[Principal], profiles: NamedDependency[ProfilesFacade]
    ) -> Response[Profile]:
        """My profile (created empty on first access)."""
        return _respond(await profiles.get(principal.user_id))

    @patch("/me")
    async def update_mine(
        self,
        data: JSONBody[ProfileChanges],
        principal: NamedDependency[Principal],
        profiles: NamedDependency[ProfilesFacade],
    ) -> Response[Profile]:
        """Change some fields of my profile; `null` clears a field."""
        return Response(await profiles.update(principal.user_id, data), headers=PRIVATE)

    @get("/{user_id:uuid}", opt=problems(Forbidden))
    async def get_one(
        self,
        user_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        profiles: NamedDependency[ProfilesFacade],
    ) -> Response[Profile]:
        """A user's profile (admins, or the user themself)."""
        _require_self_or_admin(principal, user_id)
        return _respond(await profiles.find(user_id))

    @patch("/{user_id:uuid}", opt=problems(Forbidden))
    async def update_one(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[ProfileChanges],
        principal: NamedDependency[Principal],
        profiles: NamedDependency[ProfilesFacade],
    ) -> Response[Profile]:
        """Change some fields of a user's profile (admins, or the user themself)."""
        _require_self_or_admin(principal, user_id)
        await profiles.find(user_id)
        return Response(await profiles.update(user_id, data), headers=PRIVATE)


def _require_self_or_admin(principal: Principal, user_id: UUID) -> None:
    if principal.user_id != user_id and not principal.has_role(Role.ADMIN):
        raise Forbidden("Only administrators may see or change another user's profile.")


def _respond(read: ProfileRead) -> Response[Profile]:
    headers = dict(PRIVATE)
    if read.stale:
        headers["X-AIMS-Stale"] = "true"
        headers["Warning"] = '110 aims "Response is Stale"'
    return Response(read.profile, headers=headers)
