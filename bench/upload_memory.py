"""Upload memory: the web process's peak resident memory while the largest allowed file is
streamed to POST /documents, against its memory before (part of bench/documents.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Servers

from aims.kernel.settings import Settings
from tests.integration.admin.documents.conftest import text_pdf
from tests.support.accounts import bearer, signed_in
from tests.support.hostile_files import CATALOGUE, PAGE, handwritten_pdf
from tests.support.servers import free_port, wait_until_healthy

AIMS = str(Path(sys.executable).with_name("aims"))


def pdf_with_filler(filler: int) -> bytes:
    """A valid one-page PDF carrying an unused stream of `filler` random bytes."""
    return handwritten_pdf(
        [
            CATALOGUE,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % b"",
            b"<< /Length %d >>\nstream\n" % filler + os.urandom(filler) + b"\nendstream",
        ]
    )


def largest_pdf(path: Path, size: int) -> None:
    """A valid PDF of exactly `size` bytes."""
    filler = size - 1000
    for _ in range(3):
        filler += size - len(pdf_with_filler(filler))
    data = pdf_with_filler(filler)
    assert len(data) == size, len(data)
    path.write_bytes(data)


def memory_kib(pid: int, field: str) -> int:
    """A VmRSS/VmHWM line of /proc/<pid>/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak(pid: int) -> None:
    """Start the process's peak resident memory (VmHWM) afresh."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def children(pid: int) -> list[int]:
    """Direct child processes of `pid`."""
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


async def upload_memory(servers: Servers) -> dict[str, Any]:
    """Peak memory of the web process (and of the checking process) for the largest upload."""
    settings = Settings()
    size = settings.document_max_bytes
    data_dir = Path(servers.scratch) / "memory"
    big = Path(servers.scratch) / "largest.pdf"
    largest_pdf(big, size)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")} | {
        "AIMS_DATABASE_URL": servers.database_url,
        "AIMS_REDIS_URL": servers.redis_url,
        "AIMS_DATA_DIR": str(data_dir),
        "AIMS_ARGON2_MEMORY_KIB": "1024",
        "AIMS_ARGON2_TIME_COST": "1",
        "AIMS_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
        [AIMS, "run", "--no-worker", "--port", str(port)], env=env, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, 120)
        async with httpx.AsyncClient(base_url=base, timeout=600) as client:
            account = await signed_in(client, role="admin", database_url=servers.database_url)
            admin = bearer(account["access_token"])
            warm = await client.post(
                "/api/v1/admin/documents",
                files={"file": ("warm.pdf", text_pdf(pages=1), "application/pdf")},
                headers=admin,
            )
            warm.raise_for_status()
            before = memory_kib(server.pid, "VmRSS")
            reset_peak(server.pid)
            with big.open("rb") as file:
                answer = await client.post(
                    "/api/v1/admin/documents",
                    files={"file": ("largest.pdf", file, "application/pdf")},
                    headers=admin,
                )
            answer.raise_for_status()
            peak = memory_kib(server.pid, "VmHWM")
            checker = max((memory_kib(pid, "VmHWM") for pid in children(server.pid)), default=0)
    finally:
        server.terminate()
        server.wait(60)
    return {"size": size, "before": before, "peak": peak, "checker": checker}
