"""The in-process job worker: procrastinate's worker, started again whenever it ends.

procrastinate's worker stops by itself, without an error, when one of its side tasks fails
(the LISTEN connection of a database that went away), and with an error when the database
is down. Either way, while the process runs, the worker starts again after a pause.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import procrastinate
from procrastinate.jobs import Job
from procrastinate.manager import JobManager
from prometheus_client import Counter, Gauge

log = logging.getLogger(__name__)

RESTART_SECONDS = 5.0
SHUTDOWN_GRACE_SECONDS = 30.0
KERNEL_NAMESPACE = "kernel"
STALLED_AFTER_SECONDS = 60.0
"""A job counts as stalled when its worker sent no heartbeat for this long (one every 10 s)."""

_ALIVE = Gauge("aims_job_worker_alive", "1 while this process's job worker runs")
_LAST_POLL = Gauge(
    "aims_job_worker_last_poll_timestamp_seconds", "When the job worker last asked for a job"
)
_RESTARTS = Counter("aims_job_worker_restarts", "Times the job worker ended and started again")


class _PollNotingJobManager(JobManager):
    """procrastinate's job manager, telling `on_poll` each time the worker fetched (or found
    no) job: the proof that the worker still talks to the queue."""

    def __init__(self, manager: JobManager, on_poll: Callable[[], None]) -> None:
        super().__init__(manager.connector)
        self._on_poll = on_poll

    async def fetch_job(self, queues: Iterable[str] | None, worker_id: int) -> Job | None:
        job = await super().fetch_job(queues, worker_id)
        self._on_poll()
        return job


class JobWorker:
    """Works the jobs of `app` while the process runs; reports whether it is alive."""

    def __init__(
        self, app: procrastinate.App, concurrency: int, restart_seconds: float = RESTART_SECONDS
    ) -> None:
        self.app = app
        self.concurrency = concurrency
        self.restart_seconds = restart_seconds
        self.alive = False
        self.last_poll: float | None = None
        self.restarts = 0
        app.job_manager = _PollNotingJobManager(app.job_manager, self._polled)

    async def run(self) -> None:
        """Work jobs until cancelled; a worker that ends, by error or by itself, starts again."""
        while True:
            await self._work()
            self.restarts += 1
            _RESTARTS.inc()
            await asyncio.sleep(self.restart_seconds)

    def status(self) -> dict[str, Any]:
        """Alive or not, seconds since the last poll, restarts so far (for /ready)."""
        since = None if self.last_poll is None else round(time.time() - self.last_poll, 1)
        return {
            "status": "ok" if self.alive else "down",
            "last_poll_seconds_ago": since,
            "restarts": self.restarts,
        }

    async def _work(self) -> None:
        self._set_alive(True)
        try:
            await self.app.run_worker_async(
                concurrency=self.concurrency,
                install_signal_handlers=False,
                shutdown_graceful_timeout=SHUTDOWN_GRACE_SECONDS,
            )
            log.error("job worker stopped by itself; starting again in %s s", self.restart_seconds)
        except Exception:
            log.exception("job worker failed; starting again in %s s", self.restart_seconds)
        finally:
            self._set_alive(False)

    def _set_alive(self, alive: bool) -> None:
        self.alive = alive
        _ALIVE.set(1 if alive else 0)

    def _polled(self) -> None:
        self.last_poll = time.time()
        _LAST_POLL.set(self.last_poll)


def kernel_jobs() -> procrastinate.Blueprint:
    """The queue's own upkeep: every minute, jobs of workers that died are handed back."""
    jobs = procrastinate.Blueprint()

    @jobs.periodic(cron="* * * * *", periodic_id="hand_back_stalled_jobs")
    @jobs.task(
        name="hand_back_stalled_jobs",
        queueing_lock="kernel.hand_back_stalled_jobs",
        pass_context=True,
    )
    async def hand_back(context: procrastinate.JobContext, timestamp: int) -> None:
        await hand_back_stalled_jobs(context.app)

    return jobs


async def hand_back_stalled_jobs(app: procrastinate.App) -> int:
    """Return to the queue the jobs whose worker died while running them (killed, crashed);
    how many there were."""
    stalled = list(
        await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    )
    for job in stalled:
        log.warning(
            "job of a dead worker handed back to the queue",
            extra={"job_id": job.id, "task": job.task_name},
        )
        await app.job_manager.retry_job(job)
    return len(stalled)
