"""The processing job's state machine, its stages and the retry schedule."""

from __future__ import annotations

from enum import StrEnum

MAX_ATTEMPTS = 3
"""A job that fails this many times is `failed` for good (until an admin retries it)."""

MAX_RECOVERIES = 5
"""A job whose worker died this many times is `failed`: it may be what kills the worker."""

RETRY_GROWTH = 4
"""Each further retry waits this many times longer than the one before."""


class JobState(StrEnum):
    """Where a processing job is: queued → running → succeeded | failed | cancelled."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        """Still waiting for or holding a worker."""
        return self in (JobState.QUEUED, JobState.RUNNING)

    @property
    def is_final(self) -> bool:
        """Nothing more happens unless an admin retries or reprocesses."""
        return not self.is_active


class Stage(StrEnum):
    """What a job is doing right now."""

    WAITING = "waiting"
    READING_PAGES = "reading_pages"
    ASSEMBLING = "assembling"
    DONE = "done"


def retry_delay(attempt: int, base_seconds: float) -> float:
    """Seconds to wait before the attempt after `attempt` (1-based): base, base×4, ..."""
    return base_seconds * float(RETRY_GROWTH ** max(attempt - 1, 0))


def attempts_left(attempt: int) -> bool:
    """Whether a job that just failed its `attempt`-th attempt gets another."""
    return attempt < MAX_ATTEMPTS


def can_cancel(state: JobState) -> bool:
    """Only a job that has not finished can be cancelled."""
    return state.is_active


def can_retry(state: JobState) -> bool:
    """An admin may retry a job that failed or was cancelled (finished pages are kept)."""
    return state in (JobState.FAILED, JobState.CANCELLED)


def missing_pages(page_total: int, done: set[int]) -> list[int]:
    """The pages (1-based) still to analyse, first missing first."""
    return [number for number in range(1, page_total + 1) if number not in done]
