"""TOTP verification, replay refusal and recovery codes."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from aims.auth.totp import (
    RECOVERY_CODE_COUNT,
    hash_recovery_code,
    match_recovery_code,
    new_recovery_codes,
    new_totp_secret,
    provisioning_uri,
    qr_code_svg,
    time_step,
    verify_totp,
)

# RFC 6238 appendix B: SHA-1 seed "12345678901234567890", codes cut to 6 digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
AT_1111111109 = datetime.fromtimestamp(1111111109, UTC)
CODE_AT_1111111109 = "081804"


def test_rfc_6238_test_vectors_verify() -> None:
    assert verify_totp(RFC_SECRET, "287082", datetime.fromtimestamp(59, UTC), None) == 1
    step = verify_totp(RFC_SECRET, CODE_AT_1111111109, AT_1111111109, None)
    assert step == time_step(AT_1111111109)
    assert verify_totp(RFC_SECRET, "005924", datetime.fromtimestamp(1234567890, UTC), None)


def test_code_is_accepted_one_step_early_or_late_but_not_two() -> None:
    step = time_step(AT_1111111109)
    for drift, accepted in ((-60, False), (-30, True), (30, True), (60, False)):
        moment = datetime.fromtimestamp(1111111109 + drift, UTC)
        result = verify_totp(RFC_SECRET, CODE_AT_1111111109, moment, None)
        assert (result == step) is accepted, drift


def test_a_used_code_cannot_be_replayed() -> None:
    step = verify_totp(RFC_SECRET, CODE_AT_1111111109, AT_1111111109, None)
    assert step is not None
    assert verify_totp(RFC_SECRET, CODE_AT_1111111109, AT_1111111109, step) is None


def test_an_older_code_is_refused_once_a_newer_step_was_used() -> None:
    step = time_step(AT_1111111109)
    next_step_time = datetime.fromtimestamp(1111111109 + 30, UTC)
    assert verify_totp(RFC_SECRET, CODE_AT_1111111109, next_step_time, step + 1) is None
    assert verify_totp(RFC_SECRET, CODE_AT_1111111109, next_step_time, step - 1) == step


def test_wrong_or_malformed_codes_are_refused() -> None:
    for code in ("081805", "", "08180", "0818044", "abcdef", "０８１８０４"):
        assert verify_totp(RFC_SECRET, code, AT_1111111109, None) is None


def test_code_typed_with_a_space_is_accepted() -> None:
    assert verify_totp(RFC_SECRET, " 081 804 ", AT_1111111109, None) is not None


def test_new_secrets_are_160_bit_base32_and_distinct() -> None:
    secret = new_totp_secret()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert new_totp_secret() != secret


def test_provisioning_uri_names_aims_as_issuer() -> None:
    uri = provisioning_uri(RFC_SECRET, "hanako@example.jp")
    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parts.path == "/AIMS:hanako%40example.jp"
    assert query["issuer"] == ["AIMS"]
    assert query["secret"] == [RFC_SECRET]


def test_qr_code_is_inline_svg() -> None:
    svg = qr_code_svg(provisioning_uri(RFC_SECRET, "hanako@example.jp"))
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "<path" in svg


def test_ten_distinct_recovery_codes_in_an_unambiguous_alphabet() -> None:
    codes = new_recovery_codes()
    assert len(codes) == RECOVERY_CODE_COUNT == 10
    assert len(set(codes)) == 10
    for code in codes:
        assert re.fullmatch(r"[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}", code)


def test_recovery_code_matches_its_slot_whatever_the_case_or_separators() -> None:
    codes = new_recovery_codes()
    stored = [hash_recovery_code(code) for code in codes]
    assert all(len(digest) == 64 and digest not in codes for digest in stored)
    typed = codes[3].upper().replace("-", " ")
    assert match_recovery_code(typed, stored) == 3
    assert match_recovery_code("aaaaa-aaaaa", stored) is None


def test_a_used_recovery_code_no_longer_matches() -> None:
    codes = new_recovery_codes()
    stored: list[str | None] = [hash_recovery_code(code) for code in codes]
    index = match_recovery_code(codes[0], stored)
    assert index == 0
    stored[index] = None
    assert match_recovery_code(codes[0], stored) is None
