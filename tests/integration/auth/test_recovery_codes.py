"""Recovery codes at rest: argon2id with a salt per enrolment; older SHA-256 codes still work."""

import asyncio
import hashlib
import threading
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import pyotp
import pytest
from sqlalchemy import update

from aims.auth import totp
from aims.auth.facade import AuthService
from aims.auth.models import mfa
from aims.auth.public import SignedIn, Unauthenticated
from aims.auth.repository import mfa as mfa_rows
from tests.integration.auth.conftest import (
    CLIENT,
    FakeClock,
    challenged,
    enrolled,
    sign_in,
    signed_up,
)
from tests.support.accounts import PASSWORD

Service = Callable[..., Awaitable[AuthService]]
SAME_CODES = [f"k7m2p-x9q{letter}t" for letter in "abcdefghjk"]


async def stored(service: AuthService, user_id: UUID) -> mfa_rows.MfaRecord:
    """The enrolment row of a user."""
    async with service.deps.db.transaction() as db:
        found = await mfa_rows.get(db, user_id)
    assert found is not None
    return found


async def test_codes_are_stored_as_salted_argon2id_not_sha256(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, _, codes = await enrolled(service, clock)
    row = await stored(service, principal.user_id)
    assert row.recovery_code_salt is not None
    assert len(row.recovery_code_salt) >= 16
    assert row.recovery_code_cost == {
        "memory_cost_kib": 1024,  # the password-hash parameters of this app
        "time_cost": 1,
        "parallelism": 1,
        "hash_len": 32,
        "salt_len": 16,
    }
    canonical = [code.replace("-", "") for code in codes]
    unsalted = {hashlib.sha256(code.encode()).hexdigest() for code in canonical}
    assert unsalted.isdisjoint(row.recovery_code_hashes)
    assert row.recovery_code_hashes == [
        totp.hash_recovery_code(code, row.recovery_code_hashing) for code in codes
    ]


async def test_the_same_codes_are_stored_differently_for_each_enrolment(
    service_for: Service, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(totp, "new_recovery_codes", lambda: list(SAME_CODES))
    service = await service_for()
    first, _, first_codes = await enrolled(service, clock)
    second, _, second_codes = await enrolled(service, clock)
    assert first_codes == second_codes == SAME_CODES
    first_row = await stored(service, first.user_id)
    second_row = await stored(service, second.user_id)
    assert first_row.recovery_code_salt != second_row.recovery_code_salt
    assert set(first_row.recovery_code_hashes).isdisjoint(second_row.recovery_code_hashes)
    await sign_in(service, second.email, code=SAME_CODES[0])
    await sign_in(service, first.email, code=SAME_CODES[0])  # each account's copy is its own


async def test_a_wrong_code_fails_and_spends_no_code(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, _, codes = await enrolled(service, clock)
    for wrong in ("zzzzz-zzzzz", "000000", codes[0] + "x"):
        with pytest.raises(Unauthenticated):
            await sign_in(service, principal.email, code=wrong)
    assert None not in (await stored(service, principal.user_id)).recovery_code_hashes
    await sign_in(service, principal.email, code=codes[0])
    assert (await stored(service, principal.user_id)).recovery_code_hashes.count(None) == 1


async def test_two_concurrent_uses_of_one_code_sign_in_once(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, _, codes = await enrolled(service, clock)
    challenges = [await challenged(service, principal.email) for _ in range(2)]
    outcomes = await asyncio.gather(
        *(service.login_mfa(challenge, codes[5], CLIENT) for challenge in challenges),
        return_exceptions=True,
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "SignedIn",
        "Unauthenticated",
    ]


async def test_codes_enrolled_before_salting_still_sign_in_until_set_up_again(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, secret, codes = await enrolled(service, clock)
    old_format = [totp.hash_recovery_code(code, None) for code in codes]
    assert old_format[0] == hashlib.sha256(codes[0].replace("-", "").encode()).hexdigest()
    async with service.deps.db.transaction() as db:
        await db.execute(
            update(mfa)
            .where(mfa.c.user_id == principal.user_id)
            .values(
                recovery_code_hashes=old_format, recovery_code_salt=None, recovery_code_cost=None
            )
        )
    await sign_in(service, principal.email, code=codes[1].upper().replace("-", " "))
    with pytest.raises(Unauthenticated):
        await sign_in(service, principal.email, code=codes[1])  # used
    with pytest.raises(Unauthenticated):
        await sign_in(service, principal.email, code="zzzzz-zzzzz")
    clock.advance(seconds=30)
    await service.reauthenticate(principal, PASSWORD, pyotp.TOTP(secret).at(clock.now), CLIENT)
    await service.disable_mfa(principal, CLIENT)
    enrolment = await service.begin_mfa(principal, CLIENT)
    clock.advance(seconds=30)
    await service.confirm_mfa(principal, pyotp.TOTP(enrolment.secret).at(clock.now), CLIENT)
    assert (await stored(service, principal.user_id)).recovery_code_salt is not None
    with pytest.raises(Unauthenticated):
        await sign_in(service, principal.email, code=codes[2])  # the old set is gone


async def test_recovery_codes_are_hashed_off_the_event_loop(
    service_for: Service, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []

    def watched(code: str, hashing: Any) -> str:
        threads.append(threading.current_thread().name)
        return hash_recovery_code(code, hashing)

    hash_recovery_code = totp.hash_recovery_code
    monkeypatch.setattr(totp, "hash_recovery_code", watched)
    service = await service_for()
    principal, _, codes = await enrolled(service, clock)
    outcome = await service.login_mfa(await challenged(service, principal.email), codes[0], CLIENT)
    assert isinstance(outcome, SignedIn)
    assert len(threads) == len(codes) + 1  # ten at enrolment, one per attempt
    assert all(name.startswith("argon2") for name in threads), threads


async def test_setting_up_again_before_confirming_replaces_the_pending_secret(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    email, pair = await signed_up(service)
    principal = await service.authenticate(pair.access_token)
    await service.begin_mfa(principal, CLIENT)
    again = await service.begin_mfa(principal, CLIENT)
    codes = await service.confirm_mfa(principal, pyotp.TOTP(again.secret).at(clock.now), CLIENT)
    await sign_in(service, email, code=codes.codes[0])
