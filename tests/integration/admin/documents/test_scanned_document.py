"""A scanned PDF goes through the whole service: upload, a job with visible progress, and
every result served (hierarchy JSON, Markdown, text, page images)."""

from __future__ import annotations

import jsonschema

from aims.admin.analysis.schema import hierarchy_schema

from .conftest import DocumentApi, scanned_pdf

LINES = ["1. Purpose of the rules", "2. Scope of the rules", "3. Keeping records"]


async def test_a_scan_is_processed_page_by_page_and_its_results_are_served(
    api: DocumentApi,
) -> None:
    uploaded = await api.upload(scanned_pdf(LINES), "rules-scan.pdf", languages="eng")
    assert uploaded.status_code == 202, uploaded.text
    document = uploaded.json()
    assert document["status"] == "queued"
    assert document["page_count"] == 3

    job, seen = await api.wait_for_job(document["job"]["id"])

    progress = [view["pages_done"] for view in seen if view["state"] == "running"]
    assert any(0 < done < 3 for done in progress), progress
    assert progress == sorted(progress)
    assert job["pages_done"] == 3

    analysis = (await api.get(f"/documents/{document['id']}/analysis")).json()
    jsonschema.validate(analysis, hierarchy_schema())
    assert [page["text_source"] for page in analysis["pages"]] == ["ocr", "ocr", "ocr"]
    assert "Purpose" in " ".join(element["text"] for element in analysis["elements"])

    markdown = await api.get(f"/documents/{document['id']}/markdown")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "Scope" in markdown.text
    text = await api.get(f"/documents/{document['id']}/text")
    assert "Keeping" in text.text


async def test_a_page_image_is_rendered_once_and_revalidated_by_etag(api: DocumentApi) -> None:
    uploaded = (await api.upload(scanned_pdf(LINES[:1]), "one.pdf", languages="eng")).json()
    await api.wait_for_job(uploaded["job"]["id"])
    path = f"/documents/{uploaded['id']}/pages/1/image"

    first = await api.get(path)
    assert first.status_code == 200
    assert first.content.startswith(b"\x89PNG\r\n\x1a\n")
    cached = list(api.files.glob("pages/*/*/*.png"))
    assert len(cached) == 1
    written = cached[0].stat().st_mtime_ns

    again = await api.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert (await api.get(path)).content == first.content
    assert cached[0].stat().st_mtime_ns == written
    assert (await api.get(f"/documents/{uploaded['id']}/pages/2/image")).status_code == 404
