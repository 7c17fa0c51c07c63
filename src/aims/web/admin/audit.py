"""The console's audit log of account events: filters, keyset pages, CSV export."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import Parameter
from litestar.response import Stream, Template
from msgspec.structs import replace

from aims.admin.public import AuditQuery, UserFilter
from aims.auth.public import EMAIL_MAX_LENGTH, Principal
from aims.kernel.query import KeysetId
from aims.web.admin.csv_export import audit_csv
from aims.web.admin.deps import Users
from aims.web.admin.guards import Console
from aims.web.admin.labels import ACTIONS
from aims.web.display import zone_of

PAGE_SIZE = 50
EXPORT_PAGE = 200
MAX_EXPORT_ROWS = 20_000
"""The most rows one CSV export holds (narrow the filters for older events)."""

Account = Annotated[str, Parameter(max_length=EMAIL_MAX_LENGTH)]
Action = Annotated[str, Parameter(max_length=60)]
Day = Annotated[date | None, Parameter(description="a day in the administrator's time zone")]


class AuditPages(Controller):
    """/admin/audit and /admin/audit.csv."""

    include_in_schema = False

    @get("/audit")
    async def audit(
        self,
        console: Console,
        users: Users,
        actor: Account = "",
        action: Action = "",
        subject: Account = "",
        since: Day = None,
        until: Day = None,
        before: KeysetId = None,
    ) -> Template:
        """Account events newest first, filtered, a page at a time."""
        form = {
            "actor": actor,
            "action": action,
            "subject": subject,
            "since": since,
            "until": until,
        }
        query = await _query(console, users, actor, action, subject, since, until)
        page = None
        if query is not None:
            query = replace(query, before=before, limit=PAGE_SIZE)
            page = await users.audit(console.user, query)
        return console.page(
            "admin/audit.html",
            form=form,
            events=page.items if page else (),
            next_before=page.next_before if page else None,
            unknown_account=query is None,
            actions=ACTIONS,
            filters={k: v for k, v in form.items() if v},
            before=before,
        )

    @get("/audit.csv")
    async def export(
        self,
        console: Console,
        users: Users,
        actor: Account = "",
        action: Action = "",
        subject: Account = "",
        since: Day = None,
        until: Day = None,
    ) -> Stream:
        """The filtered events as CSV, newest first (at most `MAX_EXPORT_ROWS`)."""
        query = await _query(console, users, actor, action, subject, since, until)
        stamp = datetime.now(zone_of(console.timezone)).strftime("%Y%m%d-%H%M")
        return Stream(
            _csv_pages(console, users, query),
            media_type="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="aims-audit-{stamp}.csv"',
                "Cache-Control": "no-store",
            },
        )


async def _csv_pages(
    console: Console, users: Users, query: AuditQuery | None
) -> AsyncIterator[bytes]:
    yield (
        "\ufeff" + audit_csv((), console.timezone, header=True)
    ).encode()  # BOM: Excel reads UTF-8
    written, before = 0, None
    while query is not None and written < MAX_EXPORT_ROWS:
        wanted = replace(query, before=before, limit=EXPORT_PAGE)
        page = await users.audit(console.user, wanted)
        rows = page.items[: MAX_EXPORT_ROWS - written]
        yield audit_csv(rows, console.timezone, header=False).encode()
        written += len(rows)
        if page.next_before is None:
            break
        before = page.next_before


async def _query(
    console: Console,
    users: Users,
    actor: str,
    action: str,
    subject: str,
    since: date | None,
    until: date | None,
) -> AuditQuery | None:
    """The filters as a query; None when a named account does not exist (nothing matches)."""
    actor_id = await _account_id(users, console.user, actor)
    subject_id = await _account_id(users, console.user, subject)
    if (actor and actor_id is None) or (subject and subject_id is None):
        return None
    zone = zone_of(console.timezone)
    return AuditQuery(
        actor_id=actor_id,
        action=action.strip() or None,
        subject_id=subject_id,
        since=datetime.combine(since, time(), zone) if since else None,
        until=_end_of(until, zone),
    )


def _end_of(day: date | None, zone: tzinfo) -> datetime | None:
    """When the day after `day` begins in `zone`; None (no bound) for no day or the last one."""
    if day is None or day == date.max:
        return None
    return datetime.combine(day + timedelta(days=1), time(), zone)


async def _account_id(users: Users, admin: Principal, text: str) -> UUID | None:
    """The account named by its id or its exact e-mail address."""
    text = text.strip()
    if not text:
        return None
    try:
        return UUID(text)
    except ValueError:
        pass
    found = await users.list_users(admin, UserFilter(search=text, limit=50))
    return next((u.id for u in found.items if u.email == text.lower()), None)
