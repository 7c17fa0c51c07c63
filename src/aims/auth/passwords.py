"""Argon2id password hashing in a pool of low-priority threads, one per usable CPU."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import ParamSpec, TypeVar

import argon2
import msgspec
from argon2.exceptions import InvalidHashError, VerificationError

from aims.auth.domain import normalize_password

_P = ParamSpec("_P")
_R = TypeVar("_R")


class Argon2Parameters(msgspec.Struct, frozen=True, kw_only=True):
    """Argon2id cost parameters; the defaults are OWASP's (19 MiB, 2 passes, 1 lane)."""

    memory_cost_kib: int = 19_456
    time_cost: int = 2
    parallelism: int = 1
    hash_len: int = 32
    salt_len: int = 16


class PasswordHasher:
    """Hashes and verifies passwords as argon2id PHC strings without blocking the event loop.

    Passwords are NFKC-normalised first, so the same characters typed through
    different input methods (e.g. full-width) verify alike.
    """

    def __init__(
        self, parameters: Argon2Parameters | None = None, *, max_concurrency: int | None = None
    ) -> None:
        self.parameters = parameters or Argon2Parameters()
        self._argon2 = argon2.PasswordHasher(
            time_cost=self.parameters.time_cost,
            memory_cost=self.parameters.memory_cost_kib,
            parallelism=self.parameters.parallelism,
            hash_len=self.parameters.hash_len,
            salt_len=self.parameters.salt_len,
            type=argon2.Type.ID,
        )
        self.max_concurrency = max_concurrency or usable_cpus()
        self._pool = ThreadPoolExecutor(
            self.max_concurrency, thread_name_prefix="argon2", initializer=_yield_to_the_loop
        )

    async def hash(self, password: str) -> str:
        """A fresh PHC string for ``password``."""
        return await self.in_worker(self._hash_sync, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; False for a wrong password or an unusable hash."""
        return await self.in_worker(self._verify_sync, password_hash, password)

    async def verify_decoy(self, password: str) -> None:
        """Spend the time of one verification, for accounts that must not be told apart."""
        await self.in_worker(self._verify_sync, self._decoy_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether a hash was made with other parameters (or is unusable) and should be redone."""
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    @cached_property
    def _decoy_hash(self) -> str:
        return self._hash_sync(secrets.token_urlsafe(32))

    def _hash_sync(self, password: str) -> str:
        return self._argon2.hash(normalize_password(password))

    def _verify_sync(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, normalize_password(password))
        except (VerificationError, InvalidHashError):
            return False

    async def in_worker(self, work: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
        """Run CPU-heavy password work (hashing, the policy) in the hashing pool: beyond its
        threads, work queues and the loop goes on."""
        call = functools.partial(work, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)


HASHING_NICENESS = 10
"""How much lower than the event loop's the hashing threads' CPU priority is."""
_LOWEST_PRIORITY = 19


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. under taskset or a cgroup)."""
    return len(os.sched_getaffinity(0)) or 1


def _yield_to_the_loop() -> None:
    """Lower this hashing thread's priority below the process's own (whatever niceness it
    was started with), so that on a busy core the event loop (and every request it serves)
    goes first and hashing takes the time left over."""
    niceness = min(_LOWEST_PRIORITY, os.getpriority(os.PRIO_PROCESS, 0) + HASHING_NICENESS)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
