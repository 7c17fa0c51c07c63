import pytest

from aims.profiles.domain import field_problems, is_phone_number
from aims.profiles.public import MAX_LENGTHS


@pytest.mark.parametrize(
    "phone", ["+81 3-1234-5678", "03-1234-5678", "+1 (415) 555.0100", "+442071838750"]
)
def test_real_phone_numbers_are_accepted(phone: str) -> None:
    assert is_phone_number(phone)


@pytest.mark.parametrize("phone", ["call me", "12", "+", "+81 3-1234-5678 ext", "1234567890123456"])
def test_things_that_are_not_phone_numbers_are_refused(phone: str) -> None:
    assert not is_phone_number(phone)


def test_each_bad_field_is_named_once() -> None:
    problems = field_problems(
        {"phone": "nope", "timezone": "Mars/Olympus", "bio": "ok", "display_name": "a\x00b"}
    )
    assert {p["field"] for p in problems} == {"phone", "timezone", "display_name"}


def test_iana_time_zones_and_cleared_fields_are_fine() -> None:
    assert field_problems({"timezone": "Asia/Tokyo", "phone": None, "locale": None}) == []


def test_each_field_is_held_to_the_limit_the_contract_exports() -> None:
    values = {name: "x" * (limit + 1) for name, limit in MAX_LENGTHS.items()}
    problems = field_problems(values)
    assert {p["field"] for p in problems} == set(MAX_LENGTHS)
    assert {p.get("code") for p in problems} == {"too_long"}
    assert field_problems({"phone": "1234"}) == []
