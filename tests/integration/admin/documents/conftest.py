"""The document service against real PostgreSQL, Redis and Tesseract: one database per test
(copied from a migrated template), a file store in the test's directory, and documents
generated here (born-digital with fpdf2, scans by rasterising them)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import msgspec
import psycopg
import pytest
from fpdf import FPDF
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel import migrations
from aims.kernel.db import libpq_url
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app
from tests.integration.admin.analysis.conftest import (
    ENGLISH_BODY,
    body,
    build_pdf,
    image_only_pdf,
    rasterise,
)
from tests.support.accounts import bearer, forget_rate_limits, signed_in
from tests.support.servers import create_database, drop_database

FAST_HASHING: dict[str, Any] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}
ADMIN_TABLES = ("documents", "jobs", "page_results", "analyses", "audit_records", "outbox")


@pytest.fixture(scope="session")
def documents_template(postgres_server: str) -> Iterator[str]:
    """A migrated database the per-test databases are copied from."""
    url = create_database(postgres_server, prefix="aims_documents_template")
    migrations.upgrade(url)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def documents_database(postgres_server: str, documents_template: str) -> Iterator[str]:
    """A database of this test's own: no other test's jobs reach its workers."""
    url = create_database(postgres_server, prefix="aims_documents", template=documents_template)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(autouse=True)
def fresh_rate_limits(redis_url: str) -> None:
    """Sign-ins are rate-limited per client IP, which every test shares."""
    forget_rate_limits(redis_url)


@pytest.fixture
def document_settings(
    tmp_path: Path, documents_database: str, redis_url: str
) -> Callable[..., Settings]:
    """Settings of an app (or worker) on this test's database and file store."""

    def build(**overrides: Any) -> Settings:
        base = Settings(
            data_dir=str(tmp_path / "data"),
            database_url=documents_database,
            redis_url=redis_url,
            in_process_worker=False,
            analysis_processes=1,
            job_retry_seconds=0.2,
            **FAST_HASHING,
        )
        return msgspec.structs.replace(base, **overrides)

    return build


@dataclass
class DocumentApi:
    """An HTTP client of an app, with an administrator's and a plain user's token."""

    client: AsyncTestClient[Litestar]
    settings: Settings
    admin: dict[str, str] = field(default_factory=dict)
    user: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> Path:
        """The app's file store."""
        return self.settings.data_path / "files"

    async def upload(self, data: bytes, name: str = "doc.pdf", **fields: str) -> httpx.Response:
        """POST /documents as the administrator."""
        return await self.client.post(
            "/api/v1/admin/documents",
            files={"file": (name, data, "application/octet-stream")},
            data=fields,
            headers=self.admin,
        )

    async def get(self, path: str, **options: Any) -> httpx.Response:
        """GET an admin path as the administrator."""
        headers = self.admin | options.pop("headers", {})
        return await self.client.get(f"/api/v1/admin{path}", headers=headers, **options)

    async def wait_for_job(
        self, job_id: str, seconds: float = 180, until: tuple[str, ...] = ("succeeded",)
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Poll the job until it reaches a state in `until`; the job and every view seen."""
        seen: list[dict[str, Any]] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            job = (await self.get(f"/jobs/{job_id}")).json()
            seen.append(job)
            if job["state"] in until:
                return job, seen
            if job["state"] in ("succeeded", "failed", "cancelled"):
                raise AssertionError(f"job ended {job['state']}: {job.get('error')}")
            await asyncio.sleep(0.1)
        raise AssertionError(f"job still {seen[-1]['state']} after {seconds} s: {seen[-1]}")


@asynccontextmanager
async def serving(app: Litestar, settings: Settings) -> AsyncIterator[DocumentApi]:
    """An app started, with an administrator and a user signed in."""
    async with AsyncTestClient(app) as client:
        admin = await signed_in(client, role="admin", database_url=settings.database_url)
        user = await signed_in(client)
        yield DocumentApi(
            client=client,
            settings=settings,
            admin=bearer(admin["access_token"]),
            user=bearer(user["access_token"]),
        )


@pytest.fixture
def open_api(
    document_settings: Callable[..., Settings],
) -> Callable[..., AbstractAsyncContextManager[DocumentApi]]:
    """`async with open_api(worker=..., **settings) as api`: an app on this test's database."""

    def start(*, worker: bool = True, **overrides: Any) -> AbstractAsyncContextManager[DocumentApi]:
        settings = document_settings(in_process_worker=worker, **overrides)
        assert settings.database_url is not None
        runtime = Runtime.build(settings, settings.database_url, run_worker=worker)
        return serving(build_app(runtime), settings)

    return start


@pytest.fixture
async def api(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]],
) -> AsyncIterator[DocumentApi]:
    """An app working its jobs in-process, with one analysis process."""
    async with open_api() as running:
        yield running


def query(database_url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of a query on the test's database."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def row_counts(database_url: str) -> dict[str, int]:
    """How many rows each admin table holds."""
    return {
        table: query(database_url, f"SELECT count(*) FROM admin.{table}")[0][0]  # noqa: S608
        for table in ADMIN_TABLES
    }


def stored_files(root: Path) -> list[str]:
    """Every file under the store, relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def text_pdf(pages: int = 2, title: str = "Document Rules") -> bytes:
    """A born-digital English PDF with a title, numbered headings and body text."""
    runs = [
        [
            (title if number == 1 else f"{number}. Chapter {number}", 16, 60, 60),
            *body(100, text=ENGLISH_BODY),
            (f"{number}.1 Scope", 13, 60, 170),
            *body(200, text=ENGLISH_BODY),
        ]
        for number in range(1, pages + 1)
    ]
    return build_pdf(runs)


def scanned_pdf(lines: list[str]) -> bytes:
    """A scan: one small page per line of text, rasterised at 300 dpi, with no text layer."""
    pdf = FPDF(unit="pt", format=(320, 160))
    pdf.set_font("helvetica", size=18)
    for line in lines:
        pdf.add_page()
        pdf.text(24, 60, line)
        pdf.set_font_size(12)
        pdf.text(24, 100, "The scanned page carries this text.")
        pdf.set_font_size(18)
    return image_only_pdf(rasterise(bytes(pdf.output())))
