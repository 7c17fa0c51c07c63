"""My sessions: where the account is signed in; end one, the others, or all of them."""

from __future__ import annotations

from contextlib import suppress
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from aims.auth.public import NotFound
from aims.web.account_security import StepUpForm, stepped_up
from aims.web.deps import Auth
from aims.web.guards import Visitor
from aims.web.notices import with_notice
from aims.web.session import write_session

SESSIONS = "/account/sessions"


class SessionPages(Controller):
    """/account/sessions and its buttons."""

    include_in_schema = False

    @get(SESSIONS)
    async def view(self, account: Visitor, auth_facade: Auth) -> Template:
        """The live sessions, this one first."""
        sessions = await auth_facade.sessions(account.user)
        ordered = sorted(sessions, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))
        return account.page("portal/sessions.html", sessions=ordered)

    @post(SESSIONS + "/{session_id:uuid}/revoke", status_code=200)
    async def revoke(
        self, session_id: FromPath[UUID], account: Visitor, auth_facade: Auth
    ) -> Response[bytes] | Redirect:
        """End one session: htmx removes its row, a plain form comes back to the list."""
        with suppress(NotFound):  # already ended: the list no longer shows it either way
            await auth_facade.revoke_session(account.user, session_id, account.client)
        if account.htmx:
            return Response(b"", media_type="text/html")
        return Redirect(with_notice(SESSIONS, "session_revoked"), status_code=303)

    @post(SESSIONS + "/revoke-others")
    async def revoke_others(self, account: Visitor, auth_facade: Auth) -> Redirect:
        """End every session but this one."""
        for session in await auth_facade.sessions(account.user):
            if not session.current:
                with suppress(NotFound):
                    await auth_facade.revoke_session(account.user, session.id, account.client)
        return Redirect(with_notice(SESSIONS, "others_revoked"), status_code=303)

    @post(SESSIONS + "/sign-out-everywhere")
    async def sign_out_everywhere(
        self, data: URLEncodedBody[StepUpForm], account: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """End every session, this one too (after a password check when the last one is old)."""
        outcome = await stepped_up(
            account, auth_facade, data, lambda: auth_facade.logout_all(account.user, account.client)
        )
        if isinstance(outcome, Template):
            return outcome
        write_session(account.request.scope, None)
        return Redirect(with_notice("/sign-in", "signed_out_everywhere"), status_code=303)
