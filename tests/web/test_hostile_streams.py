"""Bodies streamed without Content-Length (chunked) to a real server: the bounds hold while the
bytes arrive, on a JSON route and on the upload, and a refused upload leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg

from aims.kernel.db import libpq_url
from aims.kernel.edge import MAX_BODY_BYTES
from aims.kernel.settings import Settings
from tests.support.accounts import bearer, live_access_token
from tests.support.browser import LiveServer

CHUNK = b"x" * 65_536
FORM_HEAD = (
    b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7\n'
)


def _chunks(head: bytes, total: int, tail: bytes) -> Iterator[bytes]:
    yield head
    for _ in range(total // len(CHUNK) + 1):
        yield CHUNK
    yield tail


def _documents(database_url: str) -> int:
    with psycopg.connect(libpq_url(database_url)) as conn:
        row = conn.execute("SELECT count(*) FROM admin.documents").fetchone()
    assert row is not None
    return int(row[0])


def _stored(data_dir: Path) -> list[Path]:
    """Every file of the store, the upload spool included."""
    return sorted(path for path in (data_dir / "files").rglob("*") if path.is_file())


def _assert_problem(answer: httpx.Response, status: int) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_chunked_json_body_above_the_bound_is_refused_while_it_arrives(
    live_server: LiveServer,
) -> None:
    body = _chunks(b'{"email":"a@example.com","password":"', MAX_BODY_BYTES, b'"}')
    with httpx.Client(base_url=live_server.url) as client:
        answer = client.post(
            "/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}
        )
    _assert_problem(answer, 413)


def test_a_chunked_upload_above_the_limit_is_refused_and_leaves_nothing(
    live_server: LiveServer, database_url: str, data_dir: Path
) -> None:
    token = live_access_token(live_server.url, "streamer@example.com", admin_in=database_url)
    limit = Settings().document_max_bytes
    before = _documents(database_url), _stored(data_dir)
    headers = bearer(token) | {"Content-Type": "multipart/form-data; boundary=b"}
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        answer = client.post(
            "/api/v1/admin/documents",
            content=_chunks(FORM_HEAD, limit, b"\r\n--b--\r\n"),
            headers=headers,
        )
    _assert_problem(answer, 413)
    assert answer.json()["code"] == "too_large"
    assert (_documents(database_url), _stored(data_dir)) == before
