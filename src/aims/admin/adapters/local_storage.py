"""The file store on local disk: `<root>/<area>/<first two hex digits>/<name>`."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from aims.admin.ports import FileMissing, StoredEntry

_SEGMENT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class LocalFileStorage:
    """`FileStorage` in a directory; files are written beside their target and renamed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, key: str) -> Path:
        """Where `key` lives; refuses keys that could leave the store."""
        segments = key.split("/")
        if len(segments) < 2 or not all(_SEGMENT.match(segment) for segment in segments):
            raise ValueError(f"not a storage key: {key!r}")
        area, name, *rest = segments
        return self.root.joinpath(area, name[:2], name, *rest)

    async def put_file(self, key: str, source: Path) -> None:
        """Rename `source` into place (or drop it when the key exists)."""
        await asyncio.to_thread(self._put_file, self.path_of(key), source)

    async def put_bytes(self, key: str, data: bytes) -> None:
        """Write beside the target, then rename over it."""
        await asyncio.to_thread(self._put_bytes, self.path_of(key), data)

    async def read_bytes(self, key: str) -> bytes:
        """The file's content, or `FileMissing`."""
        try:
            return await asyncio.to_thread(self.path_of(key).read_bytes)
        except FileNotFoundError:
            raise FileMissing(key) from None

    @asynccontextmanager
    async def local_file(self, key: str) -> AsyncIterator[Path]:
        """The file itself: it is already local."""
        path = self.path_of(key)
        if not await asyncio.to_thread(path.is_file):
            raise FileMissing(key)
        yield path

    async def delete(self, key: str) -> None:
        """Remove a file or a folder; missing is fine."""
        await asyncio.to_thread(_remove, self.path_of(key))

    async def entries(self, area: str) -> list[StoredEntry]:
        """Every `<area>/<name>` with its modification time."""
        return await asyncio.to_thread(self._entries, area)

    def _put_file(self, target: Path, source: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            source.unlink(missing_ok=True)
        else:
            source.replace(target)

    def _put_bytes(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(name).replace(target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise

    def _entries(self, area: str) -> list[StoredEntry]:
        base = self.root / area
        if not base.is_dir():
            return []
        return [
            StoredEntry(
                key=f"{area}/{path.name}",
                modified_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
            )
            for shard in base.iterdir()
            if shard.is_dir()
            for path in shard.iterdir()
            if not path.name.startswith(".")
        ]


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
