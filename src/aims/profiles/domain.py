"""Pure profile rules: what a valid phone number and time zone are."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from aims.profiles.public import MAX_LENGTHS

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]*[0-9]$")
_MIN_PHONE_DIGITS = 4
_MAX_PHONE_DIGITS = 15  # E.164


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def field_problems(values: dict[str, str | None]) -> list[dict[str, str]]:
    """One `{"field", "message"}` per unacceptable value of a profile update."""
    problems: list[dict[str, str]] = []
    for field, value in values.items():
        if value is None:
            continue
        limit = MAX_LENGTHS.get(field)
        if limit is not None and len(value) > limit:
            problems.append(
                {
                    "field": field,
                    "message": f"must be at most {limit} characters",
                    "code": "too_long",
                }
            )
        elif message := _problem(field, value):
            problems.append({"field": field, "message": message})
    return problems


def _problem(field: str, value: str) -> str | None:
    if "\x00" in value:
        return "must not contain NUL characters"
    if field == "phone" and not is_phone_number(value):
        return "must be a phone number such as +81 3-1234-5678"
    if field == "timezone" and value not in _time_zones():
        return "must be an IANA time zone such as Asia/Tokyo"
    return None


def is_phone_number(value: str) -> bool:
    """E.164-ish: an optional +, 4 to 15 digits, spaces, dots, dashes and parentheses."""
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE.match(value)) and _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS
