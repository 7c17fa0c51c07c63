"""The in-process worker runs jobs another process deferred to the PostgreSQL queue."""

import asyncio
from collections.abc import Callable

import procrastinate
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.jobs import build_job_app, opened
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app


async def test_a_deferred_job_is_worked_by_the_running_app(
    settings_for: Callable[..., Settings],
) -> None:
    done: list[str] = []
    tasks = procrastinate.Blueprint()

    @tasks.task(name="record")
    async def record(word: str) -> None:
        done.append(word)

    settings = settings_for(in_process_worker=True)
    assert settings.database_url is not None
    runtime = Runtime.build(settings, settings.database_url, run_worker=True)
    runtime.job_blueprints["test"] = tasks
    app: Litestar = build_app(runtime)
    async with (
        AsyncTestClient(app),
        opened(build_job_app({"test": tasks}), settings.database_url) as queue,
    ):
        await queue.configure_task("test:record").defer_async(
            word="hello"
        )  # as another process would
        for _ in range(100):
            if done:
                break
            await asyncio.sleep(0.1)
    assert done == ["hello"]
