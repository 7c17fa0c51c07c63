"""Job triggers on procrastinate: a task that names the job. A trigger only wakes a worker;
the job's row decides (a second trigger of the same job finds it claimed and does nothing),
and the kernel hands back triggers of dead procrastinate workers."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import procrastinate

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
        """Defer the job's task."""
        task = self._open_app().configure_task(
            PROCESS_TASK, schedule_in={"seconds": delay_seconds} if delay_seconds > 0 else None
        )
        await task.defer_async(job_id=str(job_id))

    async def pending(self) -> set[UUID]:
        """Job ids of triggers waiting or being worked."""
        manager = self._open_app().job_manager
        found: set[UUID] = set()
        for status in ("todo", "doing"):
            for job in await manager.list_jobs_async(task=PROCESS_TASK, status=status):
                found.add(UUID(str(job.task_kwargs["job_id"])))
        return found
