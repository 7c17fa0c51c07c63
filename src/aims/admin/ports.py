"""Ports of the admin context: what its services need from the outside world."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from uuid import UUID


class FileMissing(Exception):
    """The store has no file under that key."""


@dataclass(frozen=True)
class StoredEntry:
    """A top-level entry of one area of the store and when it last changed."""

    key: str
    modified_at: datetime


class FileStorage(Protocol):
    """Content-addressed files (originals, page images, exports) under string keys such as
    `originals/<sha256>`; a local directory by default, an S3-compatible bucket later."""

    async def put_file(self, key: str, source: Path) -> None:
        """Move a local file in under `key`; when the key already exists the source is
        dropped (same key, same content)."""
        ...

    async def put_bytes(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, atomically (a reader never sees half a file)."""
        ...

    async def read_bytes(self, key: str) -> bytes:
        """The content under `key`; `FileMissing` when there is none."""
        ...

    def local_file(self, key: str) -> AbstractAsyncContextManager[Path]:
        """A local path with the content of `key` for as long as the context lasts."""
        ...

    async def delete(self, key: str) -> None:
        """Remove `key` and, for a folder-like key (page images), all under it."""
        ...

    async def entries(self, area: str) -> list[StoredEntry]:
        """The top-level keys of an area (`originals`, `pages`, `exports`)."""
        ...


class JobTrigger(Protocol):
    """Wakes a worker for a job; the job's row, not the trigger, holds its state."""

    async def wake(self, job_id: UUID, delay_seconds: float = 0.0) -> None:
        """Have a worker look at the job (after `delay_seconds`)."""
        ...

    async def pending(self) -> set[UUID]:
        """Jobs whose trigger is waiting or being worked."""
        ...
