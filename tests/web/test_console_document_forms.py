"""The console's document and job forms over HTTP, as a browser without JavaScript sends them:
upload, refusals explained beside the form, corrections refused with nothing lost, moves,
confirmation steps, CSRF."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.hostile_files import cyclic_page_tree_pdf
from tests.web.console import csrf_of
from tests.web.console_documents_http import (
    DOCUMENT,
    analysis_of,
    post,
    processed,
    unique_pdf,
    upload,
)
from tests.web.forms_http import HTML


async def test_the_upload_form_works_without_javascript(
    console: AsyncTestClient[Litestar],
) -> None:
    answer = await upload(console, unique_pdf(), "plain-form.pdf")
    assert answer.status_code == 303
    page = await console.get(answer.headers["location"], headers=HTML)
    assert page.status_code == 200
    assert "plain-form.pdf" in page.text
    assert 'id="job-progress"' in page.text
    listed = await console.get("/admin/documents?q=plain-form", headers=HTML)
    assert "plain-form.pdf" in listed.text


@pytest.mark.parametrize(
    ("data", "name", "status", "message"),
    [
        (b"just some text", "notes.pdf", 415, "Upload a PDF, PNG, JPEG or TIFF file."),
        (b"", "empty.pdf", 422, "The file is empty."),
        (b"%PDF-1.7\n broken", "broken.pdf", 422, "The file is damaged and cannot be read."),
        (cyclic_page_tree_pdf(), "cycle.pdf", 422, "The file is damaged and cannot be read."),
    ],
)
async def test_a_refused_upload_is_explained_beside_the_form(
    console: AsyncTestClient[Litestar], data: bytes, name: str, status: int, message: str
) -> None:
    answer = await upload(console, data, name)
    assert answer.status_code == status
    assert message in answer.text
    assert 'id="upload-problem"' in answer.text


async def test_a_refused_upload_keeps_the_languages_and_marks_the_field_at_fault(
    console: AsyncTestClient[Litestar],
) -> None:
    typed = '"><b>klingon</b>'
    answer = await upload(console, unique_pdf(), "langs.pdf", languages=typed, allow_duplicate="on")
    assert answer.status_code == 422
    languages = re.search(r'<input type="text" id="languages"[^>]*>', answer.text)
    assert languages
    assert 'value="&#34;&gt;&lt;b&gt;klingon&lt;/b&gt;"' in languages.group(0)
    assert 'aria-invalid="true"' in languages.group(0)
    assert "upload-problem" in languages.group(0)
    file_field = re.search(r'<input type="file"[^>]*>', answer.text)
    assert file_field
    assert "aria-invalid" not in file_field.group(0)
    assert re.search(r'<input type="checkbox" id="allow_duplicate"[^>]* checked>', answer.text)


async def test_a_duplicate_option_that_is_neither_yes_nor_no_is_refused_on_the_form(
    console: AsyncTestClient[Litestar],
) -> None:
    """It was read as "no" without a word."""
    answer = await upload(console, unique_pdf(), "flag.pdf", allow_duplicate="maybe")
    assert answer.status_code == 422
    assert "the duplicate option is not yes or no" in answer.text
    checkbox = re.search(r'<input type="checkbox" id="allow_duplicate"[^>]*>', answer.text)
    assert checkbox
    assert 'aria-invalid="true" aria-describedby="upload-problem"' in checkbox.group(0)
    assert "flag.pdf" not in (await console.get("/admin/documents", headers=HTML)).text


async def test_a_nul_in_the_languages_marks_that_field(console: AsyncTestClient[Litestar]) -> None:
    answer = await upload(console, unique_pdf(), "nul.pdf", languages="eng\x00")
    assert answer.status_code == 422
    assert "A field contains a character that is not allowed" in answer.text
    languages = re.search(r'<input type="text" id="languages"[^>]*>', answer.text)
    assert languages
    assert 'aria-invalid="true"' in languages.group(0)


async def test_a_file_over_the_limit_sent_by_script_is_explained_beside_the_form(
    open_console: Callable[..., Any],
) -> None:
    async with open_console(worker=False, document_max_bytes=1000) as client:
        token = await csrf_of(client, "/admin/documents")
        answer = await client.post(
            "/admin/documents",
            files={"file": ("big.pdf", b"%PDF-1.7\n" + bytes(80 * 1024), "application/pdf")},
            headers=HTML | {"x-csrf-token": token},
        )
    assert answer.status_code == 413
    assert "The file is larger than allowed." in answer.text


async def test_a_second_copy_names_the_stored_document(
    console: AsyncTestClient[Litestar],
) -> None:
    data = unique_pdf()
    first = await upload(console, data, "first.pdf")
    again = await upload(console, data, "again.pdf")
    assert again.status_code == 409
    assert "This file has already been uploaded." in again.text
    assert f'href="{first.headers["location"]}"' in again.text
    assert (await upload(console, data, "again.pdf", allow_duplicate="on")).status_code == 303


async def test_a_form_without_its_csrf_token_is_refused(
    console: AsyncTestClient[Litestar],
) -> None:
    answer = await console.post(
        "/admin/documents",
        files={"file": ("x.pdf", unique_pdf(), "application/pdf")},
        headers=HTML,
    )
    assert answer.status_code == 403


async def test_a_refused_correction_shows_the_form_again_with_what_was_typed(
    console: AsyncTestClient[Litestar],
) -> None:
    document_id, analysis = await processed(console)
    paragraph = next(e for e in analysis["elements"] if e["type"] == "paragraph")
    typed = "Typed <b>text</b> & kept"
    answer = await post(
        console,
        f"/admin/documents/{document_id}/elements/{paragraph['id']}",
        text=typed,
        type="heading",
        level="",
        action="save",
    )
    assert answer.status_code == 422
    assert "A heading needs a level of 1 or more." in answer.text
    assert "Typed &lt;b&gt;text&lt;/b&gt; &amp; kept</textarea>" in answer.text
    assert re.search(r'<option value="heading" selected>', answer.text)
    assert await analysis_of(console, document_id) == analysis


async def test_a_correction_of_a_version_saved_meanwhile_is_refused_and_kept(
    console: AsyncTestClient[Litestar],
) -> None:
    document_id, analysis = await processed(console)
    element = analysis["elements"][0]
    answer = await post(
        console,
        f"/admin/documents/{document_id}/elements/{element['id']}",
        text="Mine",
        type=element["type"],
        level=str(element["level"] if element["level"] is not None else ""),
        etag='"stale"',
    )
    assert answer.status_code == 409
    assert "Someone saved another correction meanwhile." in answer.text
    assert "Mine</textarea>" in answer.text


async def test_an_element_moves_down_the_reading_order(
    console: AsyncTestClient[Litestar],
) -> None:
    document_id, analysis = await processed(console)
    title, second = analysis["elements"][0], analysis["elements"][1]["id"]
    first = title["id"]
    shown = {"text": title["text"], "type": title["type"], "level": str(title["level"])}
    answer = await post(  # the whole form, as the editor sends it with every button
        console, f"/admin/documents/{document_id}/elements/{first}", action="down", **shown
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(
        f"element={first}&notice=element_moved#element-level"
    )
    moved = await analysis_of(console, document_id)
    assert [e["id"] for e in moved["elements"][:2]] == [second, first]
    page = await console.get(f"/admin/documents/{document_id}", headers=HTML)
    assert "Edited version" in page.text


async def test_deleting_asks_first(console: AsyncTestClient[Litestar]) -> None:
    answer = await upload(console, unique_pdf(), "to-delete.pdf")
    document = answer.headers["location"]
    confirm = await console.get(f"{document}/delete", headers=HTML)
    assert confirm.status_code == 200
    assert "Delete this document?" in confirm.text
    assert (await console.get(document, headers=HTML)).status_code == 200
    deleted = await post(console, f"{document}/delete")
    assert deleted.headers["location"] == "/admin/documents?notice=document_deleted"
    assert (await console.get(document, headers=HTML)).status_code == 404


async def test_a_queued_job_is_cancelled_and_retried_after_confirmation(
    open_console: Callable[..., Any],
) -> None:
    async with open_console(worker=False) as client:
        answer = await upload(client, unique_pdf(), "queued.pdf")
        document_id = DOCUMENT.search(answer.headers["location"]).group(1)  # type: ignore[union-attr]
        jobs = await client.get("/admin/jobs?state=queued", headers=HTML)
        found = re.search(
            rf'href="/admin/documents/{document_id}">queued.pdf</a>.*?'
            r'href="/admin/jobs/([0-9a-f-]{36})/cancel"',
            jobs.text,
            re.DOTALL,
        )
        assert found, jobs.text
        job = f"/admin/jobs/{found.group(1)}"
        confirm = await client.get(f"{job}/cancel", headers=HTML)
        assert "Cancel this job?" in confirm.text
        cancelled = await post(client, f"{job}/cancel")
        assert cancelled.headers["location"] == "/admin/jobs?notice=job_cancelled"
        listed = await client.get("/admin/jobs?state=cancelled", headers=HTML)
        assert f"{job}/retry" in listed.text
        retried = await post(client, f"{job}/retry")
        assert retried.headers["location"] == "/admin/jobs?notice=job_retried"
        again = await post(client, f"{job}/retry")
        assert again.headers["location"] == "/admin/jobs?notice=job_conflict"
