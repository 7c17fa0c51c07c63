"""Argon2id hashing off the event loop."""

import asyncio
import os
import subprocess
import sys
import threading

import argon2
import pytest

from aims.auth.passwords import HASHING_NICENESS, Argon2Parameters, PasswordHasher

FAST = Argon2Parameters(memory_cost_kib=8, time_cost=1, parallelism=1)


@pytest.fixture
def hasher() -> PasswordHasher:
    return PasswordHasher(FAST)


def test_defaults_are_the_owasp_argon2id_parameters() -> None:
    defaults = Argon2Parameters()
    assert (defaults.memory_cost_kib, defaults.time_cost, defaults.parallelism) == (19_456, 2, 1)
    assert (defaults.hash_len, defaults.salt_len) == (32, 16)


async def test_default_hasher_writes_owasp_phc_strings() -> None:
    stored = await PasswordHasher().hash("a long enough secret")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


async def test_hash_is_a_salted_argon2id_phc_string(hasher: PasswordHasher) -> None:
    first = await hasher.hash("correct horse battery staple")
    second = await hasher.hash("correct horse battery staple")
    assert first.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert first != second


async def test_right_password_verifies_and_wrong_one_does_not(hasher: PasswordHasher) -> None:
    stored = await hasher.hash("correct horse battery staple")
    assert await hasher.verify(stored, "correct horse battery staple")
    assert not await hasher.verify(stored, "correct horse battery stapler")


async def test_password_typed_full_width_verifies(hasher: PasswordHasher) -> None:
    stored = await hasher.hash("password2024")
    assert await hasher.verify(stored, "ｐａｓｓｗｏｒｄ２０２４")


async def test_unusable_stored_hash_never_verifies(hasher: PasswordHasher) -> None:
    assert not await hasher.verify("not a hash", "anything")
    assert not await hasher.verify("", "")


async def test_hash_made_with_other_parameters_needs_rehash(hasher: PasswordHasher) -> None:
    stronger = PasswordHasher(Argon2Parameters(memory_cost_kib=16, time_cost=1, parallelism=1))
    stored = await hasher.hash("correct horse battery staple")
    assert not hasher.needs_rehash(stored)
    assert stronger.needs_rehash(stored)
    assert hasher.needs_rehash("garbage")


@pytest.fixture
def verified_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def spy(self: argon2.PasswordHasher, stored: str | bytes, password: str | bytes) -> bool:
        seen.append(str(stored))
        return real_verify(self, stored, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)
    return seen


async def test_decoy_verification_runs_one_real_argon2_verification(
    hasher: PasswordHasher, verified_hashes: list[str]
) -> None:
    await hasher.verify_decoy("whatever the attacker typed")
    await hasher.verify_decoy("another guess")
    assert len(verified_hashes) == 2
    assert verified_hashes[0] == verified_hashes[1], "the decoy hash is computed once"
    assert verified_hashes[0].startswith("$argon2id$v=19$m=8,t=1,p=1$")


def test_concurrency_defaults_to_the_cpus_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    monkeypatch.setattr("os.sched_getaffinity", lambda _: {0})  # e.g. under `taskset -c 0`
    assert PasswordHasher(FAST).max_concurrency == 1


async def test_hashing_threads_run_below_the_event_loop_priority() -> None:
    hasher = PasswordHasher(FAST)
    niceness = await hasher.in_worker(
        lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    )
    assert niceness > os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


_NICENESS_OF_A_HASHING_THREAD = """
import asyncio, os, threading
from aims.auth.passwords import HASHING_NICENESS, Argon2Parameters, PasswordHasher
hasher = PasswordHasher(Argon2Parameters(memory_cost_kib=8, time_cost=1))
print(asyncio.run(hasher.in_worker(
    lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))))
"""


@pytest.mark.parametrize("started_at", [3, 12])
def test_hashing_threads_run_below_a_server_started_with_any_niceness(started_at: int) -> None:
    ran = subprocess.run(
        ["nice", "-n", str(started_at), sys.executable, "-c", _NICENESS_OF_A_HASHING_THREAD],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(ran.stdout) == min(19, started_at + HASHING_NICENESS)


class _GatedArgon2(argon2.PasswordHasher):
    """Blocks every hash until released and records how many ran at once."""

    def __init__(self) -> None:
        super().__init__(memory_cost=8, time_cost=1, parallelism=1)
        self.release = threading.Event()
        self.running = 0
        self.peak = 0
        self._lock = threading.Lock()

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        self.release.wait(timeout=5)
        with self._lock:
            self.running -= 1
        return super().hash(password, salt=salt)


async def test_no_more_hashes_run_at_once_than_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    gated = _GatedArgon2()
    monkeypatch.setattr(argon2, "PasswordHasher", lambda **_: gated)
    hasher = PasswordHasher(FAST, max_concurrency=2)
    flood = [asyncio.create_task(hasher.hash(f"guess {n}")) for n in range(6)]
    _, pending = await asyncio.wait(flood, timeout=0.2)
    assert len(pending) == 6
    assert gated.peak == 2
    gated.release.set()
    assert len(set(await asyncio.gather(*flood))) == 6
    assert gated.peak == 2
