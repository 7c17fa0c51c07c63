"""The profile page: view, and edit inline with htmx or as a plain form."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from aims.auth.public import TooManyAttempts
from aims.kernel.languages import Language
from aims.profiles.public import (
    ADDRESS_MAX_LENGTH,
    BIO_MAX_LENGTH,
    MAX_LENGTHS,
    InvalidProfile,
    Phone,
    ProfileChanges,
    ShortText,
    TimeZoneName,
)
from aims.web.deps import Auth, Profiles
from aims.web.forms import Form, FormErrors, from_app_error
from aims.web.guards import Visit, Visitor
from aims.web.notices import with_notice

# A browser sends each line break of a text area as CRLF: room for that at the edge; the
# profile's own limit is checked once the line breaks are plain LF again.
Address = Annotated[str, msgspec.Meta(max_length=2 * ADDRESS_MAX_LENGTH)]
Bio = Annotated[str, msgspec.Meta(max_length=2 * BIO_MAX_LENGTH)]


class ProfileForm(Form, kw_only=True):
    """Every profile field; an empty one is cleared."""

    display_name: ShortText = ""
    first_name: ShortText = ""
    last_name: ShortText = ""
    phone: Phone = ""
    address: Address = ""
    bio: Bio = ""
    locale: Language | Literal[""] = ""
    timezone: TimeZoneName = ""


class ProfilePages(Controller):
    """/account: the profile, its edit form, and a new verification link."""

    include_in_schema = False

    @get("/account")
    async def view(self, account: Visitor, auth_facade: Auth) -> Template:
        """The profile and the account it belongs to."""
        return account.page("portal/profile.html", me=await auth_facade.me(account.user))

    @get("/account/profile/edit")
    async def edit(self, account: Visitor) -> Template:
        """The edit form: a fragment for htmx, a page otherwise."""
        return _form(account, _current_values(account), FormErrors())

    @post("/account/profile")
    async def save(
        self, data: URLEncodedBody[ProfileForm], account: Visitor, profiles: Profiles
    ) -> Template | Redirect:
        """Save the profile; a changed language applies to the whole page at once."""
        values = {name: _plain_lines(value) for name, value in msgspec.structs.asdict(data).items()}
        if unstorable := FormErrors.found_in(data):
            return _form(account, values, unstorable)
        try:
            changes: dict[str, Any] = {
                name: value.strip() or None for name, value in values.items()
            }
            await profiles.update(account.user.user_id, ProfileChanges(**changes))
        except InvalidProfile as exc:
            return _form(account, values, from_app_error(exc, values, MAX_LENGTHS))
        if not account.htmx:
            return Redirect(with_notice("/account", "profile_saved"), status_code=303)
        saved = await profiles.get(account.user.user_id)
        fragment = Visit(account.request, account.client, account.principal, saved.profile)
        response = fragment.page("portal/_profile_view.html", saved=True)
        if (values["locale"] or None) != (account.profile.locale if account.profile else None):
            response.headers["HX-Refresh"] = "true"
        return response

    @post("/account/verification")
    async def resend(self, account: Visitor, auth_facade: Auth) -> Redirect:
        """Mail a new confirmation link."""
        notice = "verification_sent"
        try:
            await auth_facade.resend_verification(account.user, account.client)
        except TooManyAttempts:
            notice = "verification_wait"
        return Redirect(with_notice("/account", notice), status_code=303)


def _current_values(visit: Visit) -> dict[str, str]:
    profile = msgspec.structs.asdict(visit.profile) if visit.profile else {}
    return {name: profile.get(name) or "" for name in ProfileForm.__struct_fields__}


def _plain_lines(value: str) -> str:
    return value.replace("\r\n", "\n")


def _form(visit: Visit, values: dict[str, str], errors: FormErrors) -> Template:
    template = "portal/_profile_form.html" if visit.htmx else "portal/profile_edit.html"
    status = 400 if errors and not visit.htmx else 200
    return visit.page(template, status, values=values, errors=errors)
