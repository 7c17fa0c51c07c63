"""Two element corrections of one document at the same time, neither naming the version it read
(no If-Match): the later one is applied to the earlier one's result, so neither is lost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from aims.admin.adapters import child_tasks
from aims.admin.adapters.local_storage import LocalFileStorage
from aims.admin.adapters.processes import ThreadPool
from aims.admin.domain.element_edits import ElementEdit
from aims.admin.services.results import Results
from aims.kernel.db import Database

from .conftest import DocumentApi
from .test_element_edits_api import processed

T = TypeVar("T")


class HeldPool(ThreadPool):
    """Runs the calls in threads, and holds the first correction it computes until released."""

    def __init__(self) -> None:
        super().__init__(1)
        self.computed = asyncio.Event()
        self.release = asyncio.Event()

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        result = await super().run(function, *args, **kwargs)
        if function is child_tasks.edit_element and not self.computed.is_set():
            self.computed.set()
            await self.release.wait()
        return result


async def test_a_correction_stored_meanwhile_is_not_overwritten(api: DocumentApi) -> None:
    document_id = await processed(api, "Two Editors")
    settings = api.settings
    database = Database(settings.database_url or "", settings)
    pool = HeldPool()
    results = Results(
        database, LocalFileStorage(api.files), pool, settings.document_max_page_pixels
    )
    document = UUID(document_id)
    try:
        first = asyncio.create_task(
            results.edit_element(
                None, document, ElementEdit(element_id="ID-1", text="A"), None, None
            )
        )
        await pool.computed.wait()  # the first has read the version and computed its change
        second = ElementEdit(element_id="ID-2", text="B")
        await results.edit_element(None, document, second, None, None)
        pool.release.set()
        await first
    finally:
        pool.release.set()
        await database.dispose()
    elements = (await api.get(f"/documents/{document_id}/analysis")).json()["elements"]
    assert [e["text"] for e in elements[:2]] == ["A", "B"]
