"""Console users: the searchable, filtered, paged list and one user's page."""

from __future__ import annotations

from contextlib import suppress
from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, get
from litestar.exceptions import ValidationException
from litestar.params import FromPath, Parameter, QueryParameter
from litestar.response import Template

from aims.admin.public import MAX_USER_SEARCH_LENGTH, AuditQuery, ManagedUserPage, UserFilter
from aims.auth.public import AccountState, Role
from aims.profiles.public import Profile, ProfileNotFound
from aims.web.admin.deps import Users
from aims.web.admin.guards import Console
from aims.web.deps import Profiles

USERS = "/admin/users"
PAGE_SIZE = 25
RECENT_EVENTS = 10
CURSOR_MAX_LENGTH = 400

Search = Annotated[str | None, Parameter(max_length=MAX_USER_SEARCH_LENGTH)]
E = TypeVar("E", bound=StrEnum)
Choice = Annotated[str, Parameter(max_length=20)]
StateChoice = Annotated[str, QueryParameter(name="state", max_length=20)]
Cursor = Annotated[str | None, Parameter(max_length=CURSOR_MAX_LENGTH)]


class UserPages(Controller):
    """/admin/users and /admin/users/{id}."""

    path = "/users"
    include_in_schema = False

    @get("/")
    async def list_users(
        self,
        console: Console,
        users: Users,
        q: Search = None,
        role: Choice = "",
        account_state: StateChoice = "",
        cursor: Cursor = None,
    ) -> Template:
        """The list; htmx asks for the results alone while the administrator types."""
        wanted = UserFilter(
            search=q,
            role=_choice(Role, role),
            state=_choice(AccountState, account_state),
            cursor=cursor,
            limit=PAGE_SIZE,
        )
        found = await users.list_users(console.user, wanted)
        template = "admin/_user_results.html" if console.htmx else "admin/users.html"
        return console.page(template, found=found, wanted=wanted, next_url=_next_url(wanted, found))

    @get("/{user_id:uuid}")
    async def user(
        self, user_id: FromPath[UUID], console: Console, users: Users, profiles: Profiles
    ) -> Template:
        """One user: account, profile, sessions, recent events and the actions."""
        return console.page(
            "admin/user.html",
            person=await users.get_user(console.user, user_id),
            profile=await _profile(profiles, user_id),
            sessions=await users.sessions(console.user, user_id),
            events=(
                await users.audit(console.user, AuditQuery(subject_id=user_id, limit=RECENT_EVENTS))
            ).items,
            roles=list(Role),
        )


def _choice(kind: type[E], value: str) -> E | None:
    """The option chosen in a filter's select; None for "any" (an empty value)."""
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise ValidationException(f"Not one of the options: {value}") from None


async def _profile(profiles: Profiles, user_id: UUID) -> Profile | None:
    with suppress(ProfileNotFound):
        return (await profiles.find(user_id)).profile
    return None


def _next_url(wanted: UserFilter, found: ManagedUserPage) -> str | None:
    """The link to the page after this one, keeping the filters."""
    if found.next_cursor is None:
        return None
    params = {
        "q": wanted.search or "",
        "role": wanted.role or "",
        "state": wanted.state or "",
        "cursor": found.next_cursor,
    }
    return USERS + "?" + urlencode({k: v for k, v in params.items() if v})
