"""What administrators do to an account, each confirmed on a page of its own before it is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, Parameter, URLEncodedBody
from litestar.response import Redirect, Template

from aims.admin.public import UserChanges
from aims.auth.public import Conflict, Forbidden, Role
from aims.web.admin.deps import Users
from aims.web.admin.guards import Console
from aims.web.forms import N_
from aims.web.notices import with_notice

RoleField = Annotated[str, msgspec.Meta(max_length=20)]


@dataclass(frozen=True)
class Action:
    """One account action: the question the confirmation page asks and what it then says."""

    title: str
    question: str
    button: str
    notice: str
    danger: bool = False


ACTIONS = {
    "disable": Action(
        N_("Disable this account?"),
        N_("%(email)s can no longer sign in, and every session of the account ends at once."),
        N_("Disable the account"),
        "user_disabled",
        danger=True,
    ),
    "enable": Action(
        N_("Enable this account again?"),
        N_("%(email)s can sign in again."),
        N_("Enable the account"),
        "user_enabled",
    ),
    "unlock": Action(
        N_("Lift the sign-in lock?"),
        N_("%(email)s can try to sign in again at once; the failed attempts are forgotten."),
        N_("Lift the lock"),
        "user_unlocked",
    ),
    "revoke-sessions": Action(
        N_("End every session of this account?"),
        N_("%(email)s is signed out on every device at once."),
        N_("End all sessions"),
        "user_sessions_ended",
        danger=True,
    ),
    "role": Action(
        N_("Change the role?"),
        N_("%(email)s gets the role below; their sessions end so that it applies at once."),
        N_("Change the role"),
        "user_role_changed",
        danger=True,
    ),
}


class ActionForm(msgspec.Struct, kw_only=True):
    """The confirmed action's form: the new role when the role changes."""

    role: RoleField = ""


class UserActionPages(Controller):
    """/admin/users/{id}/confirm/{action} (GET, the question) and /admin/users/{id}/{action}."""

    path = "/users/{user_id:uuid}"
    include_in_schema = False

    @get("/confirm/{action:str}")
    async def confirm(
        self,
        user_id: FromPath[UUID],
        action: FromPath[str],
        console: Console,
        users: Users,
        role: Annotated[str, Parameter(max_length=20)] = "",
    ) -> Template:
        """The confirmation page of `action` (for a role change, the chosen `role`)."""
        chosen = _role(role) if action == "role" else None
        if chosen is not None and not console.user.has_role(Role.SUPER_ADMIN):
            raise Forbidden("Only a super administrator changes roles.")
        person = await users.get_user(console.user, user_id)
        return console.page(
            "admin/user_confirm.html",
            person=person,
            action=action,
            step=_action(action),
            role=chosen,
        )

    @post("/{action:str}")
    async def perform(
        self,
        user_id: FromPath[UUID],
        action: FromPath[str],
        data: URLEncodedBody[ActionForm],
        console: Console,
        users: Users,
    ) -> Template | Redirect:
        """Do the confirmed action and go back to the user's page."""
        step = _action(action)
        chosen = _role(data.role) if action == "role" else None
        try:
            await _do(action, chosen, user_id, console, users)
        except Conflict as refusal:
            person = await users.get_user(console.user, user_id)
            return console.page(
                "admin/user_confirm.html",
                status_code=409,
                person=person,
                action=action,
                step=step,
                role=chosen,
                refusal=str(refusal),
            )
        return Redirect(with_notice(f"/admin/users/{user_id}", step.notice), status_code=303)


def _action(name: str) -> Action:
    if name not in ACTIONS:
        raise NotFoundException("No such action.")
    return ACTIONS[name]


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationException("Choose one of the roles.") from None


async def _do(
    action: str, role: Role | None, user_id: UUID, console: Console, users: Users
) -> None:
    actor, client = console.user, console.client
    if action == "unlock":
        await users.unlock(actor, user_id, client)
    elif action == "revoke-sessions":
        await users.revoke_sessions(actor, user_id, client)
    else:
        changes = UserChanges(role=role) if role else UserChanges(disabled=action == "disable")
        await users.change_user(actor, user_id, changes, client)
