"""The upload spool: request bytes streamed to a private file, hashed on the way."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import os
import re
import time
import uuid
from collections.abc import AsyncIterable, Iterator
from pathlib import Path
from typing import BinaryIO

from aims.admin.public import ReceivedFile

FLUSH_BYTES = 1024 * 1024
"""Chunks are gathered to this size, then written and hashed off the event loop."""

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class SpoolOverflow(Exception):
    """The upload went past the size limit; nothing of it is kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than {limit} bytes")
        self.limit = limit


class SpoolFull(Exception):
    """The disk (or quota) under the spool is full; nothing of the upload is kept."""

    def __init__(self) -> None:
        super().__init__("no space left for the upload")


_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})


@contextlib.contextmanager
def _full_disk_as_spool_full() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if exc.errno in _NO_ROOM:
            raise SpoolFull from None
        raise


class Spool:
    """Incoming files under one directory, on the same disk as the store (moved in by rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, token: str) -> Path:
        """The spooled file of `token`; refuses anything but a spool token."""
        if not _TOKEN.match(token):
            raise ValueError("not an upload token")
        return self.directory / f"{token}.upload"

    async def receive(self, chunks: AsyncIterable[bytes], max_bytes: int) -> ReceivedFile:
        """Write `chunks` to a new file; `SpoolOverflow` past `max_bytes` and `SpoolFull` when
        the disk fills up, the partial file removed either way."""
        token = uuid.uuid4().hex
        with _full_disk_as_spool_full():
            size, digest = await self._write_new(self.path(token), chunks, max_bytes)
        return ReceivedFile(token=token, size=size, sha256=digest)

    async def _write_new(
        self, path: Path, chunks: AsyncIterable[bytes], max_bytes: int
    ) -> tuple[int, str]:
        file = await asyncio.to_thread(self._create, path)
        digest = hashlib.sha256()
        size = flushed = 0
        pending: list[bytes] = []
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise SpoolOverflow(max_bytes)
                pending.append(chunk)
                if size - flushed >= FLUSH_BYTES:
                    await asyncio.to_thread(_write, file, digest, pending)
                    pending, flushed = [], size
            await asyncio.to_thread(_finish, file, digest, pending)
        except BaseException:
            await asyncio.to_thread(_abandon, file, path)
            raise
        return size, digest.hexdigest()

    async def discard(self, token: str) -> None:
        """Remove a spooled file (nothing happens when it is gone)."""
        await asyncio.to_thread(self.path(token).unlink, missing_ok=True)

    async def sweep(self, older_than_seconds: float) -> int:
        """Remove spooled files abandoned longer than `older_than_seconds`; how many."""
        return await asyncio.to_thread(self._sweep, older_than_seconds)

    def _create(self, path: Path) -> BinaryIO:
        self.directory.mkdir(parents=True, exist_ok=True)
        return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")

    def _sweep(self, older_than_seconds: float) -> int:
        if not self.directory.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        stale = [p for p in self.directory.glob("*.upload") if p.stat().st_mtime < cutoff]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def _write(file: BinaryIO, digest: hashlib._Hash, chunks: list[bytes]) -> None:
    for chunk in chunks:
        digest.update(chunk)
        file.write(chunk)


def _finish(file: BinaryIO, digest: hashlib._Hash, chunks: list[bytes]) -> None:
    _write(file, digest, chunks)
    file.flush()
    os.fsync(file.fileno())
    file.close()


def _abandon(file: BinaryIO, path: Path) -> None:
    with contextlib.suppress(OSError):  # flushing the buffer fails again on a full disk
        file.close()
    path.unlink(missing_ok=True)
