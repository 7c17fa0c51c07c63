"""Audit rows as CSV that a spreadsheet opens safely (no cell starts a formula)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from aims.admin.public import AccountAuditEntry
from aims.web.display import zone_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP: CSV injection)."""

HEADER = (
    "time",
    "action",
    "result",
    "actor_email",
    "actor_id",
    "subject_email",
    "subject_id",
    "ip",
    "user_agent",
    "request_id",
    "details",
)


def safe_cell(value: object) -> str:
    """`value` as text, with a leading apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def audit_csv(entries: Iterable[AccountAuditEntry], timezone: str, *, header: bool) -> str:
    """CSV lines of `entries` (times in `timezone`), after the header row when asked."""
    zone = zone_of(timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(HEADER)
    for e in entries:
        row = (
            e.occurred_at.astimezone(zone).isoformat(),
            e.action,
            e.result,
            e.actor_email,
            e.actor_id,
            e.subject_email,
            e.subject_id,
            e.ip,
            e.user_agent,
            e.request_id,
            json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else "",
        )
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
