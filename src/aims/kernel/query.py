"""Query-string and form parameters whose text the framework would read too leniently."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import Parameter

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)

_FLAGS = {"true": True, "1": True, "on": True, "yes": True}
_FLAGS |= {"false": False, "0": False, "off": False, "no": False, "": False}

BIGINT_MAX = 2**63 - 1
"""The largest PostgreSQL bigint."""

KeysetId = Annotated[int | None, Parameter(ge=1, le=BIGINT_MAX)]
"""A `before` id of a keyset page: a bigint row id (a larger one is refused with 422, not sent
to the database)."""

Instant = Annotated[str | None, Parameter(max_length=40, schema_extra={"format": "date-time"})]
"""An RFC 3339 date-time with its offset, read by `parse_instant` (the framework would take
a number such as `0.5` for a Unix time)."""


def parse_instant(value: str | None, name: str) -> datetime | None:
    """The instant an `Instant` parameter names; 422 naming `name` when it is not one."""
    if value is None:
        return None
    if _RFC3339.fullmatch(value):
        try:
            return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            pass
    message = "Not an RFC 3339 date-time with an offset (2026-04-01T09:00:00+09:00)."
    raise ValidationException(message, extra=[{"message": message, "key": name}])


def read_flag(value: object) -> bool | None:
    """A yes/no form field's value, None when it is neither: absent or empty is no; `true`,
    `1`, `on` (a checkbox) and `yes` are yes; `false`, `0`, `off` and `no` are no, in any
    case. The framework reads a query string's `true`/`false`/`1`/`0` the same way."""
    if value is None:
        return False
    return _FLAGS.get(value.strip().lower()) if isinstance(value, str) else None
