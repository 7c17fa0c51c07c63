"""How values are shown: dates and times in the user's language and time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

from aims.web.i18n import current_locale

DEFAULT_TIMEZONES = {"ja": "Asia/Tokyo", "en": "UTC"}


def timezone_for(profile_timezone: str | None, locale: str) -> str:
    """The profile's time zone, else Asia/Tokyo for Japanese and UTC for English."""
    return profile_timezone or DEFAULT_TIMEZONES.get(locale, "UTC")


def zone_of(timezone: str) -> ZoneInfo:
    """The zone named `timezone`, else UTC."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def start_of_today(timezone: str) -> datetime:
    """Midnight of the current day in `timezone`."""
    now = datetime.now(zone_of(timezone))
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def is_future(moment: datetime | None) -> bool:
    """Whether `moment` is still to come (a lock that has not run out)."""
    return moment is not None and moment > datetime.now(UTC)


def when(moment: datetime, timezone: str) -> str:
    """`moment` as a medium date and time in `timezone`, in the current language."""
    return format_datetime(moment, "medium", tzinfo=zone_of(timezone), locale=current_locale.get())
