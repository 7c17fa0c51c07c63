"""Pure rules of the portal: cookie security, error messages, dates."""

from datetime import UTC, datetime

import pytest

from aims.auth.public import InvalidInput, TooManyAttempts
from aims.kernel.clients import is_secure
from aims.web.display import timezone_for, when
from aims.web.forms import from_app_error, refusal
from aims.web.i18n import current_locale


@pytest.mark.parametrize(
    ("scheme", "host", "secure"),
    [
        ("http", "127.0.0.1:8000", False),
        ("http", "localhost:8000", False),
        ("http", "[::1]:8000", False),
        ("http", "portal.example", True),
        ("https", "127.0.0.1", True),
        ("http", "127.0.0.1.evil.example", True),
    ],
)
def test_cookies_are_secure_except_plain_http_on_loopback(
    scheme: str, host: str, secure: bool
) -> None:
    scope = {"scheme": scheme, "headers": [(b"host", host.encode())]}
    assert is_secure(scope) is secure  # type: ignore[arg-type]


def test_password_policy_codes_become_messages_beside_their_field() -> None:
    error = InvalidInput(
        "Too common.",
        errors=[
            {"field": "password", "message": "English text", "code": "common"},
            {"field": "password", "message": "English text", "code": "too_short"},
            {"field": "token", "message": "English text"},
        ],
    )
    errors = from_app_error(error, ["password"])
    assert [m.text for m in errors.of("password")] == [
        "This password is too common to be safe.",
        "Use at least %(min)s characters.",
    ]
    assert [m.key for m in errors.general] == ["token"]


def test_dates_are_shown_in_the_users_time_zone_and_language() -> None:
    moment = datetime(2026, 1, 2, 15, 30, tzinfo=UTC)
    token = current_locale.set("ja")
    try:
        assert when(moment, timezone_for(None, "ja")) == "2026/01/03 0:30:00"
    finally:
        current_locale.reset(token)
    token = current_locale.set("en")
    try:
        assert when(moment, timezone_for("Europe/London", "en")) == "Jan 2, 2026, 3:30:00\u202fPM"
    finally:
        current_locale.reset(token)


def test_a_rate_limit_says_how_long_to_wait() -> None:
    (message,) = refusal(TooManyAttempts(42)).general
    assert message.text == "Too many attempts. Please wait %(seconds)s seconds and try again."
    assert message.values == {"seconds": 42}
