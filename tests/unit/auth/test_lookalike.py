"""Look-alike addresses: invisible characters and mixed scripts are refused (UTS #39)."""

import pytest

from aims.auth.domain import normalize_email
from aims.auth.lookalike import RestrictionLevel, lookalike_problem, restriction_level


@pytest.mark.parametrize(
    "raw",
    [
        "ad\u200bmin@example.com",  # zero-width space
        "ad\u200dmin@example.com",  # zero-width joiner
        "ad\u00admin@example.com",  # soft hyphen
        "admin\u202e@example.com",  # right-to-left override
        "admin\u2066@example.com",  # left-to-right isolate
        "admin\u200f@example.com",  # right-to-left mark
        "ad\u2060min@example.com",  # word joiner
        "admin\ufe0f@example.com",  # variation selector
        "admin\u3164@example.com",  # Hangul filler
    ],
)
def test_invisible_and_bidi_characters_are_refused(raw: str) -> None:
    assert lookalike_problem(normalize_email(raw)) == "invisible_characters"


@pytest.mark.parametrize(
    "raw",
    [
        "p\u0430ypal@example.com",  # Cyrillic а among Latin
        "\u0440aypal@example.com",  # Cyrillic р
        "admin\u03bf@example.com",  # Greek omicron
        "user@ex\u0430mple.com",  # a look-alike domain label
        "山田\u0430@example.jp",  # Han with Cyrillic
    ],
)
def test_mixed_script_addresses_are_refused(raw: str) -> None:
    assert lookalike_problem(normalize_email(raw)) == "mixed_scripts"


@pytest.mark.parametrize(
    "raw",
    [
        "taro.yamada@example.com",
        "山田太郎@example.jp",  # Han
        "やまだ.たろう@example.jp",  # Hiragana
        "ヤマダ太郎@example.jp",  # Katakana + Han: one Japanese set
        "山田たろうヤマダー@例え.jp",  # Han + Hiragana + Katakana + prolonged sound mark
        "taro山田@example.jp",  # Latin + Japanese: highly restrictive
        "иван@пример.рф",  # Cyrillic alone
        "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ",  # full-width: normalised to ASCII
        "josé@example.com",  # Latin with a diacritic
    ],
)
def test_single_script_and_japanese_addresses_are_allowed(raw: str) -> None:
    assert lookalike_problem(normalize_email(raw)) is None


def test_restriction_levels_follow_uts39() -> None:
    assert restriction_level("taro") is RestrictionLevel.ASCII_ONLY
    assert restriction_level("иван") is RestrictionLevel.SINGLE_SCRIPT
    assert restriction_level("ヤマダ太郎") is RestrictionLevel.SINGLE_SCRIPT
    assert restriction_level("taro山田") is RestrictionLevel.HIGHLY_RESTRICTIVE
    assert restriction_level("김taro漢") is RestrictionLevel.HIGHLY_RESTRICTIVE
    assert restriction_level("abcא") is RestrictionLevel.MODERATELY_RESTRICTIVE
    assert restriction_level("pаypal") is RestrictionLevel.MINIMALLY_RESTRICTIVE
