"""Durable jobs across worker processes: a worker killed mid-job, and two workers on one queue."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from aims.admin.analysis import AnalysisOptions, PageOptions, analyse_document, to_json

from .conftest import DocumentApi, query, scanned_pdf
from .workers import Worker, wait_for_workers

pytestmark = pytest.mark.slow

STALLED_SECONDS = 5


async def pages_done(api: DocumentApi, job_id: str, at_least: int, seconds: float = 120) -> int:
    for _ in range(int(seconds * 20)):
        done: int = (await api.get(f"/jobs/{job_id}")).json()["pages_done"]
        if done >= at_least:
            return done
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} pages done in {seconds} s")


async def test_a_job_whose_worker_is_killed_resumes_and_runs_each_page_once(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = scanned_pdf([f"{n}. Section number {n}" for n in range(1, 6)])
    calls = tmp_path / "engine-calls"
    async with open_api(worker=False, job_stalled_seconds=STALLED_SECONDS) as api:
        database = api.settings.database_url or ""
        first = Worker(api.settings, tmp_path / "first.log", engine_calls=calls)
        uploaded = (await api.upload(data, "long-scan.pdf", languages="eng")).json()
        job_id = uploaded["job"]["id"]
        done_before_kill = await pages_done(api, job_id, at_least=2)
        first.kill()
        await asyncio.sleep(STALLED_SECONDS + 1)  # its claim goes stale
        second = Worker(api.settings, tmp_path / "second.log", engine_calls=calls)
        try:
            job, _ = await api.wait_for_job(job_id, seconds=240)
        finally:
            assert second.stop() == 0

    assert done_before_kill < 5
    assert job["state"] == "succeeded"
    rows = query(
        database,
        "SELECT page_number, completions, worker FROM admin.page_results"
        " WHERE job_id = %s ORDER BY page_number",
        job_id,
    )
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]
    assert {row[1] for row in rows} == {1}
    assert len({row[2] for row in rows}) == 2  # some pages by each worker
    engine_calls = Counter(line.split()[0] for line in calls.read_text().splitlines())
    assert engine_calls == Counter({str(n): 1 for n in range(1, 6)})

    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")  # as in the workers' analysis processes
    uninterrupted = analyse_document(
        data, "long-scan.pdf", AnalysisOptions(pages=PageOptions(languages="eng"), jobs=1)
    )
    async with open_api(worker=False) as api:
        served = (await api.get(f"/documents/{uploaded['id']}/analysis")).json()
    assert served == json.loads(to_json(uninterrupted))


async def test_two_workers_share_the_queue_and_never_work_the_same_job(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]], tmp_path: Path
) -> None:
    async with open_api(worker=False) as api:
        database = api.settings.database_url or ""
        workers = [Worker(api.settings, tmp_path / f"worker-{n}.log") for n in range(2)]
        try:
            wait_for_workers(database, 2)
            jobs = []
            for n in range(4):
                scan = scanned_pdf([f"Document {n} heading"])
                jobs.append((await api.upload(scan, f"doc-{n}.pdf", languages="eng")).json())
            for document in jobs:
                await api.wait_for_job(document["job"]["id"], seconds=240)
        finally:
            assert [worker.stop() for worker in workers] == [0, 0]

    rows = query(database, "SELECT job_id, worker, completions FROM admin.page_results")
    by_job: dict[str, set[str]] = {}
    for job_id, worker, completions in rows:
        assert completions == 1
        by_job.setdefault(str(job_id), set()).add(worker)
    assert len(by_job) == 4
    assert all(len(workers) == 1 for workers in by_job.values())
    assert len(set().union(*by_job.values())) == 2
