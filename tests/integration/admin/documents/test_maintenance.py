"""The periodic upkeep: jobs whose worker died go back to the queue, files nothing refers to
(and abandoned uploads) are removed, files in use stay."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from aims.admin.plugin import AdminPlugin
from aims.admin.services.maintenance import Maintenance

from .conftest import DocumentApi, query, stored_files, text_pdf

OpenApi = Callable[..., AbstractAsyncContextManager[DocumentApi]]
TWO_HOURS_AGO = time.time() - 7200


def maintenance_of(api: DocumentApi) -> Maintenance:
    return api.client.app.plugins.get(AdminPlugin).parts.maintenance


def planted(root: Path, relative: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind")
    os.utime(path, (TWO_HOURS_AGO, TWO_HOURS_AGO))
    return path


async def test_files_no_row_refers_to_are_swept_and_files_in_use_stay(open_api: OpenApi) -> None:
    async with open_api(worker=False) as api:
        uploaded = (await api.upload(text_pdf(pages=1))).json()
        kept = stored_files(api.files)
        for relative in kept:
            os.utime(api.files / relative, (TWO_HOURS_AGO, TWO_HOURS_AGO))
        stray = uuid.uuid4().hex * 2
        orphans = [
            planted(api.files, f"originals/{stray[:2]}/{stray}"),
            planted(api.files, f"pages/{stray[:2]}/{stray}/00001-150dpi.png"),
            planted(api.files, f"exports/{stray[:2]}/{stray}.md"),
            planted(api.files, f"incoming/{uuid.uuid4().hex}.upload"),
        ]
        fresh = planted(api.files, f"incoming/{uuid.uuid4().hex}.upload")
        os.utime(fresh)

        await maintenance_of(api).sweep_files()

        assert not any(path.exists() for path in orphans)
        assert fresh.exists()
        assert set(kept) <= set(stored_files(api.files))
        assert (await api.get(f"/documents/{uploaded['id']}")).status_code == 200


async def test_a_job_whose_worker_went_silent_is_handed_back_and_finishes(
    open_api: OpenApi,
) -> None:
    async with open_api(worker=False, job_stalled_seconds=5) as api:
        uploaded = (await api.upload(text_pdf(pages=1))).json()
        database = api.settings.database_url or ""
        job_id = uploaded["job"]["id"]
        query(
            database,
            "UPDATE admin.jobs SET state = 'running', worker = 'gone:1:abc', attempt = 1,"
            " heartbeat_at = now() - interval '1 minute' WHERE id = %s RETURNING id",
            job_id,
        )
        assert await maintenance_of(api).recover_jobs() == [job_id]
        job = (await api.get(f"/jobs/{job_id}")).json()
        assert job["state"] == "queued"
        assert job["attempt"] == 0
        assert "gone:1:abc" in job["error"]
    async with open_api() as api:
        await api.wait_for_job(job_id)


async def test_a_job_that_keeps_losing_its_worker_fails(open_api: OpenApi) -> None:
    async with open_api(worker=False, job_stalled_seconds=5) as api:
        uploaded = (await api.upload(text_pdf(pages=1))).json()
        job_id = uploaded["job"]["id"]
        query(
            api.settings.database_url or "",
            "UPDATE admin.jobs SET state = 'running', worker = 'gone:1:abc', recoveries = 4,"
            " heartbeat_at = now() - interval '1 minute' WHERE id = %s RETURNING id",
            job_id,
        )
        await maintenance_of(api).recover_jobs()
        job = (await api.get(f"/jobs/{job_id}")).json()
        assert job["state"] == "failed"
        assert "stopped 5 times" in job["error"]
