"""Job triggers on procrastinate: a task that names the job, one waiting per job."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from uuid import UUID

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Status

PROCESS_TASK = "admin:process_document"
"""The task (namespace `admin`) that works one document job."""


class QueueClosed(RuntimeError):
    """The job queue is not open in this process."""


class ProcrastinateTrigger:
    """`JobTrigger` on the process's procrastinate app (opened by the runtime or the CLI)."""

    def __init__(self, app: Callable[[], procrastinate.App | None]) -> None:
        self._app = app

    def _open_app(self) -> procrastinate.App:
        app = self._app()
        if app is None:
            raise QueueClosed("the job queue is not open")
        return app

    async def wake(self, job_id: UUID, delay_seconds: float = 0.0) -> None:
        """Defer the job's task unless one is already waiting."""
        task = self._open_app().configure_task(
            PROCESS_TASK,
            queueing_lock=f"admin.job.{job_id}",
            schedule_in={"seconds": delay_seconds} if delay_seconds > 0 else None,
        )
        with contextlib.suppress(AlreadyEnqueued):
            await task.defer_async(job_id=str(job_id))

    async def pending(self) -> set[UUID]:
        """Job ids of triggers waiting or being worked."""
        manager = self._open_app().job_manager
        found: set[UUID] = set()
        for status in ("todo", "doing"):
            for job in await manager.list_jobs_async(task=PROCESS_TASK, status=status):
                found.add(UUID(str(job.task_kwargs["job_id"])))
        return found

    async def forget_stalled(self, silent_seconds: int) -> int:
        """Mark failed the triggers whose worker stopped sending heartbeats."""
        manager = self._open_app().job_manager
        stalled = list(
            await manager.get_stalled_jobs(
                task_name=PROCESS_TASK, seconds_since_heartbeat=silent_seconds
            )
        )
        for job in stalled:
            await manager.finish_job(job, status=Status.FAILED, delete_job=False)
        return len(stalled)
