"""The auth variables: defaults, the issuer fallback, refusals naming the variable."""

import pytest

from aims.kernel.settings import SettingsError, load_settings


def test_defaults_are_secure_and_match_the_spec() -> None:
    settings = load_settings({})
    assert settings.jwt_algorithm == "RS256"
    assert settings.access_token_seconds == 900
    assert (settings.refresh_idle_days, settings.refresh_absolute_days) == (7, 30)
    assert (settings.argon2_memory_kib, settings.argon2_time_cost) == (19_456, 2)
    assert settings.token_issuer == "http://127.0.0.1:8000"
    assert load_settings({"AIMS_PUBLIC_URL": "https://aims.example/"}).token_issuer == (
        "https://aims.example"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("AIMS_JWT_ALGORITHM", "HS256"),
        ("AIMS_ACCESS_TOKEN_SECONDS", "10"),
        ("AIMS_ACCESS_TOKEN_SECONDS", "86400"),
        ("AIMS_REFRESH_ABSOLUTE_DAYS", "3"),
        ("AIMS_ARGON2_TIME_COST", "0"),
        ("AIMS_SMTP_URL", "mail.example:25"),
        ("AIMS_JWT_ISSUER", "aims"),
        ("AIMS_MAIL_FROM", "nobody"),
        ("AIMS_REQUIRE_EMAIL_VERIFICATION", "maybe"),
    ],
)
def test_a_wrong_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})
