"""Pools of worker processes for CPU-heavy work on untrusted files, off the event loop.

Children are spawned (not forked from a threaded server), started lazily, killed
with their parent (Linux), and replaced when one dies: a file that crashes the
engine fails its own call, not the process serving requests. A pool for background
work runs its children at a lower CPU priority, so that on busy cores requests and
sign-ins go first. A pool may cap each child's memory (RLIMIT_DATA): a call that
needs more fails with `ChildOutOfMemory` (or, when a C library aborts on the failed
allocation, `ChildCrashed` naming it the culprit), and every call hands the memory
it freed back to the system (`malloc_trim`), so that one huge page does not keep
an idle child large.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import itertools
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_PR_SET_PDEATHSIG = 1

BACKGROUND_NICENESS = 15
"""How much lower than the server's the CPU priority of background work (document analysis)
is: below the event loop and below the password-hashing threads (10 below it), which would
otherwise get a tenth of a core next to a page being read."""


class ChildCrashed(Exception):
    """A worker process died while a call was waiting or running (the pool is replaced).
    `culprit`: the call is the one the dead process was running, and would stop the next
    one the same way; otherwise it only waited for, or ran beside, that call."""

    def __init__(self, message: str, *, culprit: bool) -> None:
        super().__init__(message)
        self.culprit = culprit


class ChildOutOfMemory(Exception):
    """The call needed more memory than the pool lets a process use (the process lives on,
    its memory handed back)."""


_EXIT_WAITS = 40
_EXIT_WAIT_SECONDS = 0.05
"""How long a broken pool waits for its children's exit statuses (they were just stopped)."""
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None
_running: tuple[Any, int] | None = None
"""In a child: the pool's shared board and this child's slot on it."""


def _child_started(niceness: int, memory_bytes: int, board: Any, taken: Any) -> None:
    global _running
    os.nice(niceness)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    with taken.get_lock():
        _running = (board, taken.value % (len(board) // 2))
        taken.value += 1
    board[2 * _running[1]] = os.getpid()
    os.environ["OMP_THREAD_LIMIT"] = (
        "1"  # one Tesseract thread per process: the pool is the parallelism
    )
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends the pool
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


@dataclass
class _Generation:
    """One executor and its board: in slot i, child i's pid and the call it runs (or ran
    last), so that when the pool breaks, the call that stopped a child is known."""

    executor: ProcessPoolExecutor
    board: Any
    judging: asyncio.Future[int | None] | None = None

    async def call_that_crashed(self) -> int | None:
        """The call the dead child was running (judged once, before the others are killed)."""
        if self.judging is None:
            self.judging = asyncio.ensure_future(self._find_culprit())
        return await asyncio.shield(self.judging)

    async def _find_culprit(self) -> int | None:
        """The executor terminates the other children (SIGTERM) when one dies: once every exit
        is known, the child that died otherwise stopped the pool."""
        processes = getattr(self.executor, "_processes", None) or {}
        slots = [
            (processes[pid], int(self.board[2 * slot + 1]))
            for slot in range(len(self.board) // 2)
            if (pid := self.board[2 * slot]) in processes
        ]
        for _ in range(_EXIT_WAITS):
            if all(process.exitcode is not None for process, _ in slots):
                break
            await asyncio.sleep(_EXIT_WAIT_SECONDS)
        for process, call in slots:
            if process.exitcode not in (None, 0, -signal.SIGTERM):
                return call
        return None


class ProcessPool:
    """A lazily started `ProcessPoolExecutor` of `size` spawned processes, `niceness` lower in
    CPU priority than this one, each allowed `memory_bytes` of data (0: no limit)."""

    def __init__(self, size: int, *, niceness: int = 0, memory_bytes: int = 0) -> None:
        self.size = max(1, size)
        self.niceness = niceness
        self.memory_bytes = memory_bytes
        self._generation: _Generation | None = None
        self._calls = itertools.count(1)

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args)` in a child process; `ChildOutOfMemory` when it needs more memory
        than allowed, `ChildCrashed` when a child dies."""
        generation = self._current()
        call = next(self._calls)
        loop = asyncio.get_running_loop()
        try:
            with _main_not_rerun():  # processes start during the submit, in this thread
                future = loop.run_in_executor(
                    generation.executor, _call, call, function, args, kwargs
                )
            return await future
        except BrokenProcessPool:
            culprit = await generation.call_that_crashed() == call
            self._retire(generation)
            raise ChildCrashed(
                "a worker process stopped while analysing the file", culprit=culprit
            ) from None

    def shutdown(self) -> None:
        """Stop the children now, dropping queued calls."""
        if self._generation is not None:
            self._retire(self._generation)

    def _current(self) -> _Generation:
        if self._generation is None:
            context = multiprocessing.get_context("spawn")
            board = context.Array("q", 2 * self.size, lock=False)
            executor = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=context,
                initializer=_child_started,
                initargs=(self.niceness, self.memory_bytes, board, context.Value("i", 0)),
            )
            self._generation = _Generation(executor, board)
        return self._generation

    def _retire(self, generation: _Generation) -> None:
        if self._generation is generation:
            self._generation = None
        for process in list((getattr(generation.executor, "_processes", None) or {}).values()):
            process.kill()
        generation.executor.shutdown(wait=False, cancel_futures=True)


class ThreadPool(ProcessPool):
    """The same calls in threads of this process: for a short-lived command, where starting
    worker processes would cost more than the work (and a crash ends only the command)."""

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args)` in a thread."""
        return await asyncio.to_thread(function, *args, **kwargs)

    def shutdown(self) -> None:
        """Nothing to stop."""


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """Spawned processes re-run the parent's main script unless it names itself a module; the
    `aims` script imports the whole CLI (seconds). Named `__main__`, it is skipped, and a
    new process imports only what its call needs."""
    main = sys.modules["__main__"]
    if getattr(main, "__spec__", None) is not None or not hasattr(main, "__file__"):
        yield
        return
    main.__spec__ = ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


def _call(
    call: int, function: Callable[..., T], args: tuple[object, ...], kwargs: dict[str, object]
) -> T:
    """In a child: note the call on the board, run it, then hand freed memory back."""
    if _running is not None:
        board, slot = _running
        board[2 * slot + 1] = call
    try:
        return function(*args, **kwargs)
    except MemoryError:
        pass  # leaving the handler frees what the call held
    finally:
        _hand_back_memory()
    raise ChildOutOfMemory("the file needs more memory than a worker process may use")


def _hand_back_memory() -> None:
    """Return the heap's free pages to the system (glibc keeps them otherwise)."""
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)
