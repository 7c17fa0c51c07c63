"""Job control: cancel between pages, retry keeping finished pages, failures retried with
backoff and then reported, reprocess beside an edited version, and the metrics."""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import msgspec

from aims.admin.adapters.local_storage import LocalFileStorage
from aims.admin.domain.files import original_key

from .conftest import DocumentApi, query, scanned_pdf, text_pdf

OpenApi = Callable[..., AbstractAsyncContextManager[DocumentApi]]


async def test_a_cancelled_job_stops_between_pages_and_a_retry_resumes_it(
    api: DocumentApi,
) -> None:
    uploaded = (
        await api.upload(scanned_pdf(["One", "Two", "Three", "Four"]), languages="eng")
    ).json()
    job_id = uploaded["job"]["id"]
    await api.wait_for_job(job_id, until=("running",))
    cancel = await api.client.post(f"/api/v1/admin/jobs/{job_id}/cancel", headers=api.admin)
    assert cancel.status_code == 202
    job, _ = await api.wait_for_job(job_id, until=("cancelled",))
    assert job["pages_done"] < 4
    assert (await api.get(f"/documents/{uploaded['id']}")).json()["status"] == "cancelled"
    again = await api.client.post(f"/api/v1/admin/jobs/{job_id}/cancel", headers=api.admin)
    assert again.status_code == 409

    retry = await api.client.post(f"/api/v1/admin/jobs/{job_id}/retry", headers=api.admin)
    assert retry.status_code == 202
    finished, _ = await api.wait_for_job(job_id)
    assert finished["pages_done"] == 4
    completions = query(
        api.settings.database_url or "",
        "SELECT completions FROM admin.page_results WHERE job_id = %s",
        job_id,
    )
    assert sorted(completions) == [(1,)] * 4
    actions = [e["action"] for e in (await api.get("/audit")).json()["items"]]
    assert actions[:2] == ["retry", "cancel"]


async def test_a_queued_job_is_cancelled_at_once(open_api: OpenApi) -> None:
    async with open_api(worker=False) as api:
        uploaded = (await api.upload(text_pdf(pages=1))).json()
        job_id = uploaded["job"]["id"]
        cancelled = await api.client.post(f"/api/v1/admin/jobs/{job_id}/cancel", headers=api.admin)
        assert cancelled.json()["state"] == "cancelled"


async def test_a_failing_job_is_tried_three_times_with_backoff_then_fails_with_its_reason(
    open_api: OpenApi,
) -> None:
    async with open_api(worker=False) as api:
        uploaded = (await api.upload(text_pdf(pages=1), "lost.pdf")).json()
        storage = LocalFileStorage(api.files)
        storage.path_of(original_key(uploaded["sha256"])).unlink()
    async with open_api(job_retry_seconds=0.3) as api:
        job, seen = await api.wait_for_job(uploaded["job"]["id"], until=("failed",))
    assert job["attempt"] == 3
    assert job["error"] == "the stored file is missing"
    assert any(view["state"] == "queued" and view["retry_at"] for view in seen)
    events = query(
        api.settings.database_url or "",
        "SELECT payload->>'reason', payload->>'attempts' FROM admin.outbox"
        " WHERE event_type = 'DocumentFailed'",
    )
    assert events == [("the stored file is missing", "3")]


async def test_reprocessing_replaces_the_original_and_keeps_the_edited_version(
    api: DocumentApi,
) -> None:
    uploaded = (await api.upload(text_pdf(pages=1), "rules.pdf")).json()
    await api.wait_for_job(uploaded["job"]["id"])
    path = f"/documents/{uploaded['id']}"
    edited = copy.deepcopy((await api.get(f"{path}/analysis")).json())
    edited["elements"][0]["text"] = "Edited by hand"
    await api.client.put(
        f"/api/v1/admin{path}/analysis",
        content=msgspec.json.encode(edited),
        headers=api.admin | {"Content-Type": "application/json"},
    )
    again = await api.client.post(
        f"/api/v1/admin{path}/reprocess", json={"languages": "eng"}, headers=api.admin
    )
    assert again.status_code == 202
    assert again.json()["id"] != uploaded["job"]["id"]
    busy = await api.client.post(f"/api/v1/admin{path}/reprocess", headers=api.admin)
    assert busy.status_code in (202, 409)
    await api.wait_for_job(again.json()["id"])

    document = (await api.get(path)).json()
    assert document["languages"] == "eng"
    assert document["has_edited"] is True
    assert (await api.get(f"{path}/analysis")).json() == edited
    made_by = query(
        api.settings.database_url or "",
        "SELECT job_id FROM admin.analyses WHERE document_id = %s AND version = 'original'",
        uploaded["id"],
    )
    assert str(made_by[0][0]) == again.json()["id"]


def sample(metrics: str, name: str) -> float:
    line = next((line for line in metrics.splitlines() if line.startswith(name + " ")), None)
    return float(line.split()[-1]) if line else 0.0


async def test_pages_and_jobs_are_measured(api: DocumentApi) -> None:
    pages = 'aims_document_pages_processed_total{text_source="text_layer"}'
    before = sample((await api.client.get("/metrics")).text, pages)
    uploaded = (await api.upload(text_pdf(pages=2))).json()
    await api.wait_for_job(uploaded["job"]["id"])
    metrics = (await api.client.get("/metrics")).text
    assert sample(metrics, pages) == before + 2
    assert 'aims_document_page_seconds_count{text_source="text_layer"}' in metrics
    assert sample(metrics, "aims_document_queue_depth") >= 0
    assert 'aims_document_jobs{state="queued"}' in metrics
