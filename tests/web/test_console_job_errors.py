"""Why a document's analysis failed, as the console shows it: in the reader's language, naming
the page, on the document's page, in the job list and on the dashboard."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.hostile_files import flate_bomb_pdf
from tests.web.console import csrf_of
from tests.web.console_documents_http import DOCUMENT, upload
from tests.web.forms_http import HTML

ENGLISH_REASON = (
    "Page 1: Reading it stopped the analysis process: it needs too much memory, or is damaged."
)
JAPANESE_REASON = (
    "1 ページ: 読み取り中に解析プロセスが停止しました。"
    "必要なメモリが多すぎるか、ファイルが壊れています。"
)


async def failed_document(client: AsyncTestClient[Litestar], data: bytes) -> str:
    answer = await upload(client, data, "bomb.pdf")
    assert answer.status_code == 303, answer.text
    found = DOCUMENT.search(answer.headers["location"])
    assert found
    deadline = time.monotonic() + 120
    progress = f"/admin/documents/{found.group(1)}/progress"
    while "state-failed" not in (await client.get(progress, headers=HTML)).text:
        assert time.monotonic() < deadline, "the analysis did not fail in time"
        await asyncio.sleep(0.2)
    return found.group(1)


async def choose_language(client: AsyncTestClient[Litestar], language: str) -> None:
    """The header's language switcher (it changes the signed-in profile's language)."""
    token = await csrf_of(client, "/admin")
    chosen = await client.post(
        "/language",
        data={"locale": language, "next": "/admin", "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    assert chosen.status_code == 303


async def test_a_page_too_big_for_memory_is_explained_in_the_readers_language(
    open_console: Callable[..., Any],
) -> None:
    async with open_console(analysis_memory_mb=300) as client:
        document_id = await failed_document(client, flate_bomb_pdf(40 * 1024 * 1024))
        pages = {}
        for language in ("en", "ja"):
            await choose_language(client, language)
            for path in (f"/admin/documents/{document_id}", "/admin/jobs", "/admin"):
                pages[path, language] = (await client.get(path, headers=HTML)).text
    for (path, language), text in pages.items():
        reason = ENGLISH_REASON if language == "en" else JAPANESE_REASON
        assert f'<html lang="{language}">' in text
        assert reason in text, (path, language)
        assert "stopped the analysis process (" not in text  # not the API's English text
