"""Files no document needs any more: removed under the file's lock, so an upload of the
same bytes in the meantime keeps them."""

from __future__ import annotations

from dataclasses import dataclass

from aims.admin.domain.files import (
    EXPORT_EXTENSIONS,
    export_key,
    original_key,
    page_images_prefix,
)
from aims.admin.ports import FileStorage
from aims.admin.repository import analyses, documents
from aims.kernel.db import Database


@dataclass(frozen=True)
class FileKeeper:
    """Deletes stored files once nothing refers to them."""

    db: Database
    storage: FileStorage

    async def release_original(self, sha256: str) -> bool:
        """Delete the original and its page images unless a document still holds the file."""
        async with self.db.transaction() as session:
            await documents.lock_file(session, sha256)
            if await documents.in_use(session, {sha256}):
                return False
            await self.storage.delete(original_key(sha256))
            await self.storage.delete(page_images_prefix(sha256))
        return True

    async def release_exports(self, analysis_sha256s: set[str]) -> None:
        """Delete the renderings of analysis versions that no document has any more."""
        async with self.db.autocommit() as session:
            kept = await analyses.in_use(session, analysis_sha256s)
        for sha256 in analysis_sha256s - kept:
            for extension in EXPORT_EXTENSIONS.values():
                await self.storage.delete(export_key(sha256, extension))
