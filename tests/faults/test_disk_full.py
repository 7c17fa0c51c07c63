"""A disk that fills up during an upload: a clean problem document, no partial file, no row,
and uploads work again once there is room."""

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image, ImageDraw

from aims.kernel.db import libpq_url
from tests.faults.conftest import FAST_HASHING_SETTINGS, small_disk
from tests.support.accounts import bearer, signed_in

pytestmark = pytest.mark.slow

DISK_SIZE = "2m"


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", DISK_SIZE) as path:
        yield path


def stored_files(data_dir: Path) -> list[Path]:
    return [path for path in (data_dir / "files").rglob("*") if path.is_file()]


def document_rows(database_url: str, name: str) -> int:
    with psycopg.connect(libpq_url(database_url)) as conn:
        rows = conn.execute("SELECT count(*) FROM admin.documents WHERE name = %s", (name,))
        return int(rows.fetchall()[0][0])


async def test_an_upload_that_fills_the_disk_is_refused_cleanly_and_leaves_nothing(
    app_for: Callable[..., Litestar], redis_url: str, database_url: str, full_disk: Path
) -> None:
    app = app_for(data_dir=str(full_disk), redis_url=redis_url, **FAST_HASHING_SETTINGS)
    too_big = b"%PDF-1.7\n" + bytes(3 * 1024 * 1024)
    async with AsyncTestClient(app) as client:
        signed = await signed_in(client, role="admin", database_url=database_url)
        admin = bearer(signed["access_token"])
        answer = await client.post(
            "/api/v1/admin/documents",
            files={"file": ("disk-filler.pdf", too_big, "application/pdf")},
            headers=admin,
        )
        assert answer.status_code == 507, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        problem = answer.json()
        assert problem["status"] == 507
        assert problem["code"] == "storage_full"
        assert stored_files(full_disk) == []
        assert document_rows(database_url, "disk-filler.pdf") == 0
        assert (await client.get("/health")).status_code == 200

        room_left = await client.post(
            "/api/v1/admin/documents",
            files={"file": ("small.png", small_png(), "image/png")},
            headers=admin,
        )
        assert room_left.status_code == 202, room_left.text


def small_png() -> bytes:
    image = Image.new("L", (200, 100), color=255)
    ImageDraw.Draw(image).text((10, 40), "AIMS", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
