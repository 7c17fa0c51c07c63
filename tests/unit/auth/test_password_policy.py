"""NIST-style password policy."""

from pathlib import Path

import pytest

import aims.auth
from aims.auth import password_policy
from aims.auth.password_policy import (
    PasswordPolicy,
    PasswordViolationCode,
    common_passwords,
)

POLICY = PasswordPolicy()
EMAIL = "hanako.yamada@example.jp"


def codes(password: str, email: str | None = EMAIL) -> list[PasswordViolationCode]:
    return [violation.code for violation in POLICY.violations(password, email)]


def test_a_long_unusual_passphrase_is_accepted() -> None:
    assert codes("correct horse battery staple") == []


def test_no_composition_rules_apply() -> None:
    assert codes("zqmvtrplkwhx") == []


def test_seven_characters_are_too_short_and_eight_are_enough() -> None:
    assert codes("zq7#vtr") == [PasswordViolationCode.TOO_SHORT]
    assert codes("zq7#vtrp") == []


def test_more_than_128_characters_are_too_long() -> None:
    assert codes("zq7#vtrp" * 16) == []
    assert codes("zq7#vtrp" * 16 + "x") == [PasswordViolationCode.TOO_LONG]


def test_length_counts_code_points_as_typed() -> None:
    assert codes("日本語のパスワ") == [PasswordViolationCode.TOO_SHORT]
    assert codes("日本語のパスワード") == []
    # The API's schema and the form's maxlength count what was typed; NFKC may grow it.
    assert codes("\ufb03" * 3) == [PasswordViolationCode.TOO_SHORT]
    assert codes("\ufb03" * 128) == []


def test_a_password_of_the_wrong_length_is_refused_for_that_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_comparison(*_: object, **__: object) -> None:
        raise AssertionError("compared a password the length rule had refused")

    monkeypatch.setattr(password_policy, "SequenceMatcher", no_comparison)
    monkeypatch.setattr(password_policy, "common_passwords", no_comparison)
    assert codes("ab" * 500_000, "ab@example.com") == [PasswordViolationCode.TOO_LONG]


def test_violations_carry_a_human_message() -> None:
    (violation,) = POLICY.violations("short", None)
    assert violation.message == "Use at least 8 characters."


@pytest.mark.parametrize("password", ["password", "iloveyou", "PassWord1", "ｑｗｅｒｔｙ１２３"])
def test_common_passwords_are_refused_in_any_case_or_width(password: str) -> None:
    assert PasswordViolationCode.COMMON in codes(password)


def test_bundled_list_is_lower_case_and_small() -> None:
    data = Path(aims.auth.__file__).parent / "data" / "common-passwords.txt"
    lines = data.read_text("utf-8").splitlines()
    assert data.stat().st_size <= 200_000
    assert len(lines) >= 10_000
    assert all(line == line.lower() and line for line in lines)
    assert "123456" in common_passwords()


def test_password_containing_the_local_part_is_refused() -> None:
    assert codes("Hanako.Yamada!2024") == [PasswordViolationCode.SIMILAR_TO_EMAIL]


def test_password_contained_in_the_local_part_is_refused() -> None:
    assert codes("yamadasan", email="yamadasan.tokyo@example.jp") == [
        PasswordViolationCode.SIMILAR_TO_EMAIL
    ]


def test_password_nearly_equal_to_the_email_is_refused() -> None:
    assert codes("hanako-yamada@example.jp") == [PasswordViolationCode.SIMILAR_TO_EMAIL]
    assert codes("hanakoyamad") == [PasswordViolationCode.SIMILAR_TO_EMAIL]


def test_a_short_local_part_alone_does_not_ban_passwords_containing_it() -> None:
    assert codes("fishing boat in winter", email="in@example.jp") == []


def test_without_an_email_only_length_and_commonness_apply() -> None:
    assert codes("hanako.yamada@example.jp", email=None) == []


def test_several_violations_are_reported_together() -> None:
    assert codes("password", email="password@example.jp") == [
        PasswordViolationCode.COMMON,
        PasswordViolationCode.SIMILAR_TO_EMAIL,
    ]
    assert codes("sakura", email="sakura@example.jp") == [PasswordViolationCode.TOO_SHORT]


def test_limits_can_be_changed_by_settings() -> None:
    strict = PasswordPolicy(min_length=12)
    assert [v.code for v in strict.violations("zq7#vtrpabc")] == [PasswordViolationCode.TOO_SHORT]
    assert strict.violations("zq7#vtrpabc")[0].message == "Use at least 12 characters."
