"""Enumeration-safe timing with the real argon2 parameters: sign-in failures, registration."""

import secrets
import statistics
import time
from collections.abc import Awaitable, Callable

from aims.auth.facade import AuthService
from aims.auth.public import AppError, ClientInfo
from tests.support.accounts import PASSWORD, new_email

SAMPLES = 15
ROUNDS = 5
TOLERANCE_MS = 5.0
WRONG = "definitely not the password"


def somewhere() -> ClientInfo:
    """A fresh client address, so the per-IP windows never answer early."""
    return ClientInfo(
        ip=f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    )


async def timed_failure(service: AuthService, address: str) -> float:
    started = time.perf_counter()
    try:
        await service.login(address, WRONG, None, somewhere())
    except AppError:
        return (time.perf_counter() - started) * 1000
    raise AssertionError("the sign-in should have failed")


async def test_failures_are_answered_in_equal_time(
    service_for: Callable[..., Awaitable[AuthService]],
) -> None:
    service = await service_for(argon2_memory_kib=19_456, argon2_time_cost=2)
    known = [new_email() for _ in range(ROUNDS * SAMPLES)]  # one failure each: none locks
    locked = new_email()
    for address in [*known, locked]:
        await service.register(address, PASSWORD, somewhere())
    for _ in range(5):
        await timed_failure(service, locked)
    await timed_failure(service, new_email())  # warm-up: connections, decoy hash

    spreads = []
    for _ in range(ROUNDS):  # best of a few rounds: other processes on the machine add noise
        medians = await median_times(service, known, locked)
        spreads.append((max(medians.values()) - min(medians.values()), medians))
        if spreads[-1][0] < TOLERANCE_MS:
            break
    assert min(spread for spread, _ in spreads) < TOLERANCE_MS, spreads


async def median_times(service: AuthService, known: list[str], locked: str) -> dict[str, float]:
    """Median milliseconds per kind of failure, the kinds interleaved."""
    times: dict[str, list[float]] = {"unknown": [], "wrong password": [], "locked": []}
    for _ in range(SAMPLES):
        times["unknown"].append(await timed_failure(service, new_email()))
        times["wrong password"].append(await timed_failure(service, known.pop()))
        times["locked"].append(await timed_failure(service, locked))
    return {kind: statistics.median(values) for kind, values in times.items()}


async def test_registering_a_taken_address_takes_as_long_as_a_new_one(
    service_for: Callable[..., Awaitable[AuthService]],
) -> None:
    service = await service_for(argon2_memory_kib=19_456, argon2_time_cost=2)
    taken = new_email()
    await service.register(taken, PASSWORD, somewhere())

    async def timed_register(address: str) -> float:
        started = time.perf_counter()
        await service.register(address, PASSWORD, somewhere())
        return (time.perf_counter() - started) * 1000

    spreads = []
    for _ in range(ROUNDS):
        new, again = [], []
        for _ in range(SAMPLES):  # interleaved, so drift hits both alike
            new.append(await timed_register(new_email()))
            again.append(await timed_register(taken))
        spreads.append(abs(statistics.median(new) - statistics.median(again)))
        if spreads[-1] < TOLERANCE_MS:
            break
    assert min(spreads) < TOLERANCE_MS, spreads
