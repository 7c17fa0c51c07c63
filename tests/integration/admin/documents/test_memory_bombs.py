"""A PDF whose page would take more memory than an analysis process may use (a few kilobytes
of deflated content stream that inflate to tens of megabytes of drawing operators) passes the
upload check, then fails its job at once, naming the page, without retries; its page image is
refused the same way."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from tests.support.hostile_files import flate_bomb_pdf

from .conftest import DocumentApi, query

MIB = 1024 * 1024
MEMORY_MB = 300
"""Room for the engine and an ordinary page, not for the bomb (reading it needs ~1 GB)."""


async def test_a_flate_bomb_fails_its_job_at_once_naming_the_page(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]],
) -> None:
    bomb = flate_bomb_pdf(40 * MIB)
    assert len(bomb) < 100_000
    async with open_api(analysis_memory_mb=MEMORY_MB, job_retry_seconds=30) as api:
        uploaded = await api.upload(bomb, "bomb.pdf")
        assert uploaded.status_code == 202
        document = uploaded.json()
        job, _ = await api.wait_for_job(document["job"]["id"], seconds=120, until=("failed",))
        shown = (await api.get(f"/documents/{document['id']}")).json()
        image = await api.get(f"/documents/{document['id']}/pages/1/image")
    assert job["attempt"] == 1  # the same page would stop the next attempt the same way
    assert (job["error_code"], job["error_page"]) == ("reader_stopped", 1)
    assert job["error"].startswith("reading page 1 stopped the analysis process")
    assert shown["status"] == "failed"
    assert shown["job"]["error_code"] == "reader_stopped"
    events = query(
        api.settings.database_url or "",
        "SELECT payload->>'attempts' FROM admin.outbox WHERE event_type = 'DocumentFailed'",
    )
    assert events == [("1",)]
    assert image.headers["content-type"] == "application/problem+json"  # the renderer too
    assert (image.status_code, image.json()["code"]) == (422, "page_unreadable")
