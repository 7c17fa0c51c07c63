"""Documents as an administrator manages them: duplicates, listing, deletion and its files."""

from __future__ import annotations

import asyncio

import pytest

from .conftest import DocumentApi, query, row_counts, scanned_pdf, stored_files, text_pdf


async def test_a_duplicate_upload_names_the_stored_document_and_stores_nothing(
    api: DocumentApi,
) -> None:
    data = text_pdf(pages=1)
    first = (await api.upload(data, "policy.pdf")).json()
    before = row_counts(api.settings.database_url or "")
    again = await api.upload(data, "policy-copy.pdf")
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_document"
    assert again.json()["document_id"] == first["id"]
    assert "policy.pdf" in again.json()["detail"]
    assert row_counts(api.settings.database_url or "") == before


async def test_a_file_shared_by_two_documents_stays_until_the_last_is_deleted(
    api: DocumentApi,
) -> None:
    data = text_pdf(pages=1)
    first = (await api.upload(data, "a.pdf")).json()
    second = (await api.upload(data, "b.pdf", allow_duplicate="true")).json()
    assert second["sha256"] == first["sha256"]
    for document in (first, second):
        await api.wait_for_job(document["job"]["id"])
    await api.get(f"/documents/{first['id']}/pages/1/image")
    await api.get(f"/documents/{first['id']}/markdown")
    assert [path.split("/")[0] for path in stored_files(api.files)] == [
        "exports",
        "originals",
        "pages",
    ]

    deleted = await api.client.delete(f"/api/v1/admin/documents/{first['id']}", headers=api.admin)
    assert deleted.status_code == 204
    assert (await api.get(f"/documents/{first['id']}")).status_code == 404
    assert any(path.startswith("originals/") for path in stored_files(api.files))
    assert (await api.get(f"/documents/{second['id']}/pages/1/image")).status_code == 200

    await api.client.delete(f"/api/v1/admin/documents/{second['id']}", headers=api.admin)
    assert stored_files(api.files) == []
    counts = row_counts(api.settings.database_url or "")
    assert counts["documents"] == counts["jobs"] == counts["analyses"] == 0
    audit = (await api.get("/audit")).json()["items"]
    assert [entry["action"] for entry in audit][:2] == ["delete", "delete"]
    assert audit[0]["document_name"] == "b.pdf"


async def test_the_list_is_newest_first_filtered_searched_and_paged(api: DocumentApi) -> None:
    names = ["minutes-april.pdf", "minutes-may.pdf", "budget.pdf"]
    ids = []
    for number, name in enumerate(names):
        ids.append(
            (await api.upload(text_pdf(pages=1, title=f"Title {number}"), name)).json()["id"]
        )

    first_page = (await api.get("/documents", params={"limit": 2})).json()
    assert [item["id"] for item in first_page["items"]] == [ids[2], ids[1]]
    rest = (
        await api.get("/documents", params={"limit": 2, "cursor": first_page["next_cursor"]})
    ).json()
    assert [item["id"] for item in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None

    found = (await api.get("/documents", params={"q": "MINUTES"})).json()["items"]
    assert {item["name"] for item in found} == {"minutes-april.pdf", "minutes-may.pdf"}
    assert (await api.get("/documents", params={"q": "100%"})).json()["items"] == []

    for document_id in ids:
        detail = (await api.get(f"/documents/{document_id}")).json()
        await api.wait_for_job(detail["job"]["id"])
    succeeded = (await api.get("/documents", params={"status": "succeeded"})).json()["items"]
    assert len(succeeded) == 3
    assert (await api.get("/documents", params={"status": "failed"})).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field"), [({"cursor": "not-a-cursor"}, "cursor"), ({"status": "lost"}, "status")]
)
async def test_a_bad_list_parameter_is_named(
    api: DocumentApi, params: dict[str, str], field: str
) -> None:
    answer = await api.get("/documents", params=params)
    assert answer.status_code in (400, 422)
    assert field in answer.text


async def test_a_document_processed_event_is_published(api: DocumentApi) -> None:
    uploaded = (await api.upload(text_pdf(pages=1), "event.pdf")).json()
    await api.wait_for_job(uploaded["job"]["id"])
    events = query(
        api.settings.database_url or "",
        "SELECT event_type, payload->>'document_id' FROM admin.outbox",
    )
    assert events == [("DocumentProcessed", uploaded["id"])]


async def test_a_document_deleted_while_its_job_runs_is_gone_with_its_files(
    api: DocumentApi,
) -> None:
    uploaded = (await api.upload(scanned_pdf(["One", "Two", "Three"]), languages="eng")).json()
    await api.wait_for_job(uploaded["job"]["id"], until=("running",))
    deleted = await api.client.delete(
        f"/api/v1/admin/documents/{uploaded['id']}", headers=api.admin
    )
    assert deleted.status_code == 204
    assert (await api.get(f"/jobs/{uploaded['job']['id']}")).status_code == 404
    await asyncio.sleep(3)  # the worker finishes the page in progress and lets go
    counts = row_counts(api.settings.database_url or "")
    assert counts["documents"] == counts["jobs"] == counts["page_results"] == 0
    assert stored_files(api.files) == []
