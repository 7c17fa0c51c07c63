"""Document forms over HTTP, as a browser without JavaScript sends them: upload, wait for the
analysis, post a form of the document's page."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from typing import Any

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.admin.documents.conftest import text_pdf
from tests.web.console import csrf_of
from tests.web.forms_http import HTML

DOCUMENT = re.compile(r"/admin/documents/([0-9a-f-]{36})$")


def unique_pdf(pages: int = 1) -> bytes:
    return text_pdf(pages=pages, title=f"Rules {uuid.uuid4().hex[:8]}")


async def upload(
    client: AsyncTestClient[Litestar], data: bytes, name: str = "rules.pdf", **fields: str
) -> httpx.Response:
    token = await csrf_of(client, "/admin/documents")
    return await client.post(
        "/admin/documents",
        data={"_csrf_token": token, **fields},
        files={"file": (name, data, "application/pdf")},
        headers=HTML,
        follow_redirects=False,
    )


async def processed(
    client: AsyncTestClient[Litestar], pages: int = 1
) -> tuple[str, dict[str, Any]]:
    """A new document of `pages` pages, uploaded and analysed; its id and analysis."""
    answer = await upload(client, unique_pdf(pages))
    assert answer.status_code == 303, answer.text
    found = DOCUMENT.search(answer.headers["location"])
    assert found
    document_id = found.group(1)
    deadline = time.monotonic() + 120
    while (
        "state-succeeded"
        not in (await client.get(f"/admin/documents/{document_id}/progress", headers=HTML)).text
    ):
        assert time.monotonic() < deadline, "the document was not processed in time"
        await asyncio.sleep(0.2)
    return document_id, await analysis_of(client, document_id)


async def analysis_of(client: AsyncTestClient[Litestar], document_id: str) -> dict[str, Any]:
    exported = await client.get(f"/admin/documents/{document_id}/export?format=json")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment;")
    result: dict[str, Any] = json.loads(exported.content)
    return result


async def post(client: AsyncTestClient[Litestar], path: str, **fields: str) -> httpx.Response:
    token = await csrf_of(client, "/admin/documents")
    return await client.post(
        path, data={"_csrf_token": token, **fields}, headers=HTML, follow_redirects=False
    )
