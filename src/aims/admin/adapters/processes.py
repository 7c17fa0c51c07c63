"""Pools of worker processes for CPU-heavy work on untrusted files, off the event loop.

Children are spawned (not forked from a threaded server), started lazily, killed
with their parent (Linux), and replaced when one dies: a file that crashes the
engine fails its own call, not the process serving requests. A pool for background
work runs its children at a lower CPU priority, so that on busy cores requests and
sign-ins go first.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib.machinery import ModuleSpec
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_PR_SET_PDEATHSIG = 1

BACKGROUND_NICENESS = 15
"""How much lower than the server's the CPU priority of background work (document analysis)
is: below the event loop and below the password-hashing threads (10 below it), which would
otherwise get a tenth of a core next to a page being read."""


class ChildCrashed(Exception):
    """A worker process died while working on a call (the pool is replaced)."""


def _child_started(niceness: int) -> None:
    os.nice(niceness)
    os.environ["OMP_THREAD_LIMIT"] = (
        "1"  # one Tesseract thread per process: the pool is the parallelism
    )
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends the pool
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


class ProcessPool:
    """A lazily started `ProcessPoolExecutor` of `size` spawned processes, `niceness` lower in
    CPU priority than this one."""

    def __init__(self, size: int, *, niceness: int = 0) -> None:
        self.size = max(1, size)
        self.niceness = niceness
        self._executor: ProcessPoolExecutor | None = None

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args)` in a child process; `ChildCrashed` when the child dies."""
        executor = self._current()
        loop = asyncio.get_running_loop()
        try:
            with _main_not_rerun():  # processes start during the submit, in this thread
                future = loop.run_in_executor(executor, _call, function, args, kwargs)
            return await future
        except BrokenProcessPool:
            self._retire(executor)
            raise ChildCrashed("a worker process stopped while analysing the file") from None

    def shutdown(self) -> None:
        """Stop the children now, dropping queued calls."""
        if self._executor is not None:
            self._retire(self._executor)

    def _current(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_child_started,
                initargs=(self.niceness,),
            )
        return self._executor

    def _retire(self, executor: ProcessPoolExecutor) -> None:
        if self._executor is executor:
            self._executor = None
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)


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


def _call(function: Callable[..., T], args: tuple[object, ...], kwargs: dict[str, object]) -> T:
    return function(*args, **kwargs)
