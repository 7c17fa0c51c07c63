"""TOTP verification, replay refusal and recovery codes."""

import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

from argon2.low_level import Type, hash_secret_raw

from aims.auth.passwords import Argon2Parameters
from aims.auth.repository.mfa import MfaRecord, recovery_codes
from aims.auth.totp import (
    RECOVERY_CODE_COUNT,
    SaltedHashing,
    could_be_recovery_code,
    hash_recovery_code,
    hash_recovery_codes,
    match_recovery_code,
    new_recovery_code_hashing,
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
CHEAP = Argon2Parameters(memory_cost_kib=1024, time_cost=1)  # fast, for tests
SALTED = SaltedHashing(salt=bytes(range(16)), cost=CHEAP)


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
    for hashing in (SALTED, None):  # an enrolment from now, one from before salting
        stored = [hash_recovery_code(code, hashing) for code in codes]
        assert all(len(digest) == 64 and digest not in codes for digest in stored)
        typed = codes[3].upper().replace("-", " ")
        assert match_recovery_code(hash_recovery_code(typed, hashing), stored) == 3
        assert match_recovery_code(hash_recovery_code("aaaaa-aaaaa", hashing), stored) is None


def test_a_used_recovery_code_no_longer_matches() -> None:
    codes = new_recovery_codes()
    stored: list[str | None] = list(hash_recovery_codes(codes, SALTED))
    presented = hash_recovery_code(codes[0], SALTED)
    index = match_recovery_code(presented, stored)
    assert index == 0
    stored[index] = None
    assert match_recovery_code(presented, stored) is None


def test_a_salted_code_is_argon2id_of_the_code_not_its_sha256() -> None:
    stored = hash_recovery_code("k7m2p-x9qrt", SALTED)
    assert stored != hashlib.sha256(b"k7m2px9qrt").hexdigest()
    argon2id = hash_secret_raw(
        b"k7m2px9qrt",
        SALTED.salt,
        time_cost=1,
        memory_cost=1024,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    assert stored == argon2id.hex()


def test_the_same_code_is_stored_differently_under_each_enrolments_salt() -> None:
    first, second = new_recovery_code_hashing(CHEAP), new_recovery_code_hashing(CHEAP)
    assert len(first.salt) >= 16
    assert first.salt != second.salt
    assert hash_recovery_code("k7m2p-x9qrt", first) != hash_recovery_code("k7m2p-x9qrt", second)
    assert hash_recovery_code("k7m2p-x9qrt", first) == hash_recovery_code("K7M2P X9QRT", first)


def test_the_cost_an_enrolment_was_hashed_with_is_part_of_its_codes() -> None:
    dearer = SaltedHashing(
        salt=SALTED.salt, cost=Argon2Parameters(memory_cost_kib=2048, time_cost=1)
    )
    assert hash_recovery_code("k7m2p-x9qrt", SALTED) != hash_recovery_code("k7m2p-x9qrt", dearer)


def test_an_enrolment_from_before_salting_keeps_its_sha256_codes() -> None:
    assert hash_recovery_code("K7M2P-x9qrt", None) == hashlib.sha256(b"k7m2px9qrt").hexdigest()


def test_only_what_could_be_a_recovery_code_is_worth_hashing() -> None:
    for typed in ("k7m2p-x9qrt", "K7M2P X9QRT", "k7m2px9qrt"):
        assert could_be_recovery_code(typed), typed
    for typed in ("081804", "", "k7m2p-x9qr", "k7m2p-x9qrtt", "o7m2p-x9qrt", "k7m2p-x9qr1"):
        assert not could_be_recovery_code(typed), typed


def test_an_enrolments_hashing_is_read_back_as_it_was_stored() -> None:
    columns = recovery_codes(["ab" * 32], SALTED)
    record = MfaRecord(
        user_id=uuid4(),
        secret="sealed",
        created_at=datetime.now(UTC),
        confirmed_at=None,
        last_used_step=None,
        **columns,
    )
    assert record.recovery_code_hashing == SALTED
    legacy = replace(record, recovery_code_salt=None, recovery_code_cost=None)
    assert legacy.recovery_code_hashing is None
