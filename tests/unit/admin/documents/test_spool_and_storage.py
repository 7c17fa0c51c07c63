"""The upload spool and the local file store, on a temporary directory."""

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from aims.admin.adapters.local_storage import LocalFileStorage
from aims.admin.adapters.spool import Spool, SpoolOverflow
from aims.admin.ports import FileMissing

SHA = "ab" * 32


async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_a_spooled_upload_is_hashed_and_kept_private(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "incoming")
    received = await spool.receive(chunks(b"%PDF-", b"1.7"), max_bytes=100)
    assert received.size == 8
    assert received.sha256 == hashlib.sha256(b"%PDF-1.7").hexdigest()
    path = spool.path(received.token)
    assert path.read_bytes() == b"%PDF-1.7"
    assert path.stat().st_mode & 0o777 == 0o600
    await spool.discard(received.token)
    assert not path.exists()


async def test_an_upload_past_the_limit_leaves_no_file(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "incoming")
    with pytest.raises(SpoolOverflow):
        await spool.receive(chunks(b"x" * 60, b"x" * 60), max_bytes=100)
    assert list((tmp_path / "incoming").iterdir()) == []


def test_a_spool_token_cannot_name_another_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        Spool(tmp_path).path("../../etc/passwd")


async def test_the_store_writes_atomically_and_refuses_paths_out_of_it(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    await storage.put_bytes(f"exports/{SHA}.md", b"# Title\n")
    assert await storage.read_bytes(f"exports/{SHA}.md") == b"# Title\n"
    assert (tmp_path / "exports" / "ab" / f"{SHA}.md").exists()
    with pytest.raises(FileMissing):
        await storage.read_bytes(f"exports/{SHA}.txt")
    for key in ("exports/../../x", "/absolute/key", "originals", "originals/.hidden"):
        with pytest.raises(ValueError, match="storage key"):
            storage.path_of(key)


async def test_a_file_moved_in_twice_is_kept_once(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path / "store")
    for content in (b"first", b"second"):
        source = tmp_path / "upload"
        source.write_bytes(content)
        await storage.put_file(f"originals/{SHA}", source)
        assert not source.exists()
    assert await storage.read_bytes(f"originals/{SHA}") == b"first"
    await storage.delete(f"originals/{SHA}")
    with pytest.raises(FileMissing):
        await storage.read_bytes(f"originals/{SHA}")


async def test_a_large_upload_is_written_in_pieces_and_hashed_whole(tmp_path: Path) -> None:
    data = bytes(range(256)) * 12_288  # 3 MiB, arriving in 64 KiB chunks
    pieces = [data[start : start + 65_536] for start in range(0, len(data), 65_536)]
    received = await Spool(tmp_path).receive(chunks(*pieces), max_bytes=len(data))
    assert received.sha256 == hashlib.sha256(data).hexdigest()
    assert Spool(tmp_path).path(received.token).read_bytes() == data
