"""The in-process job worker starts again however procrastinate's worker ended."""

import asyncio
from typing import Any

import procrastinate
import pytest
from procrastinate.testing import InMemoryConnector

from aims.kernel.worker import JobWorker


class WorkerThatEnds(procrastinate.App):
    """A queue whose worker first stops by itself (a failed side task), then fails, then runs."""

    def __init__(self) -> None:
        super().__init__(connector=InMemoryConnector())
        self.runs = 0
        self.working = asyncio.Event()

    async def run_worker_async(self, **options: Any) -> None:
        self.runs += 1
        if self.runs == 1:
            return  # what procrastinate does when its LISTEN connection died
        if self.runs == 2:
            raise OSError("database down")
        self.working.set()
        await asyncio.Event().wait()


async def test_a_worker_that_ends_by_itself_or_by_error_starts_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = WorkerThatEnds()
    worker = JobWorker(app, concurrency=1, restart_seconds=0)
    running = asyncio.create_task(worker.run())
    await asyncio.wait_for(app.working.wait(), 10)
    assert worker.alive
    assert worker.status()["status"] == "ok"
    assert worker.restarts == 2
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert not worker.alive
    assert worker.status()["status"] == "down"
    assert "job worker stopped by itself" in caplog.text
    assert "job worker failed" in caplog.text
