"""Roles, account states and e-mail normalisation."""

import pytest

from aims.auth.domain import (
    AccountState,
    InvalidEmailError,
    Role,
    email_local_part,
    normalize_email,
    normalize_password,
)


def test_roles_are_ordered_from_user_to_super_admin() -> None:
    assert Role.SUPER_ADMIN.is_at_least(Role.ADMIN)
    assert Role.ADMIN.is_at_least(Role.USER)
    assert Role.ADMIN.is_at_least(Role.ADMIN)
    assert not Role.USER.is_at_least(Role.ADMIN)
    assert not Role.ADMIN.is_at_least(Role.SUPER_ADMIN)


def test_highest_role_of_a_set_and_user_for_none() -> None:
    assert Role.highest([Role.USER, Role.SUPER_ADMIN, Role.ADMIN]) is Role.SUPER_ADMIN
    assert Role.highest([]) is Role.USER


def test_roles_and_states_serialise_as_their_wire_names() -> None:
    assert [str(role) for role in Role] == ["user", "admin", "super_admin"]
    assert [str(state) for state in AccountState] == ["active", "disabled"]


def test_email_is_stripped_and_lower_cased_whole() -> None:
    assert normalize_email("  Alice.Smith@Example.COM \n") == "alice.smith@example.com"


def test_full_width_email_input_is_folded_to_ascii() -> None:
    assert normalize_email("ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｊｐ") == "alice@example.jp"


def test_internationalised_domain_is_accepted() -> None:
    assert normalize_email("taro@例え.jp") == "taro@例え.jp"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "alice",
        "alice@",
        "@example.com",
        "alice@example",
        "alice@@example.com",
        "al ice@example.com",
        "alice@exa mple.com",
        ".alice@example.com",
        "alice.@example.com",
        "al..ice@example.com",
        "alice@-example.com",
        "alice@example..com",
        "<alice>@example.com",
    ],
)
def test_malformed_addresses_are_refused(raw: str) -> None:
    with pytest.raises(InvalidEmailError):
        normalize_email(raw)


def test_addresses_longer_than_254_characters_are_refused() -> None:
    domain = ".".join(["a" * 60] * 4) + ".jp"
    assert len("x@" + domain) <= 254
    normalize_email("x@" + domain)
    with pytest.raises(InvalidEmailError, match="254"):
        normalize_email("xxxxxxxx@" + domain)


def test_local_part_longer_than_64_characters_is_refused() -> None:
    normalize_email("a" * 64 + "@example.com")
    with pytest.raises(InvalidEmailError):
        normalize_email("a" * 65 + "@example.com")


def test_local_part_is_everything_before_the_at_sign() -> None:
    assert email_local_part("alice.smith@example.com") == "alice.smith"


def test_full_width_password_equals_its_half_width_form() -> None:
    assert normalize_password("ｐａｓｓ１２３") == "pass123"
