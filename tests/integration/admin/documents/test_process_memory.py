"""Document analysis cannot take the machine's memory: each analysis process runs under a data
limit, a call that needs more fails on its own (the process lives on), and the memory a call
freed goes back to the system instead of staying with an idle process."""

from __future__ import annotations

import os
import resource
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from aims.admin.adapters.processes import ChildOutOfMemory, ProcessPool

MIB = 1024 * 1024
LIMIT = 300 * MIB
PIECE = 2048
"""Small allocations: glibc keeps their freed pages in the heap unless it is trimmed."""


KEPT: list[bytes] = []


def fill_memory() -> None:
    """Allocate small pieces until the limit stops it."""
    pieces = []
    while True:
        pieces.append(b"x" * PIECE)


def grow_then_free(mib: int) -> int:
    """Allocate `mib` MiB in small pieces, keep one piece made after them (so the freed ones
    are not at the heap's end, which glibc returns by itself), free the rest."""
    pieces = [b"x" * PIECE for _ in range(mib * MIB // PIECE)]
    KEPT.append(b"y" * PIECE)
    del pieces
    return os.getpid()


def resident_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


@pytest.fixture
async def pool() -> AsyncIterator[ProcessPool]:
    capped = ProcessPool(1, memory_bytes=LIMIT)
    yield capped
    capped.shutdown()


async def test_an_analysis_process_runs_under_the_memory_limit(pool: ProcessPool) -> None:
    assert await pool.run(resource.getrlimit, resource.RLIMIT_DATA) == (LIMIT, LIMIT)


async def test_a_call_needing_more_memory_fails_alone(pool: ProcessPool) -> None:
    child = await pool.run(os.getpid)
    with pytest.raises(ChildOutOfMemory):
        await pool.run(fill_memory)
    assert await pool.run(os.getpid) == child  # the same process, still serving calls
    assert resident_mib(child) < 100


async def test_the_memory_a_call_freed_goes_back_to_the_system(pool: ProcessPool) -> None:
    child = await pool.run(grow_then_free, 200)
    assert resident_mib(child) < 100
