"""Upload → processed throughput of the document service with 1, 2 and 4 `aims worker`s.

    .venv/bin/python bench/uploads.py [--documents 4] [--samples DIR] [--workers 1 2 4]

Starts PostgreSQL and Redis (embedded, or AIMS_TEST_DATABASE_URL / AIMS_TEST_REDIS_URL),
one `aims run --no-worker` and, per row, that many `aims worker` processes (one analysis
process each), none pinned. A batch of --documents copies of a real scanned manual (the
samples' grfguide.scan.pdf: six full pages, every one OCR'd) is uploaded over HTTP with the
default languages (jpn+eng); the time runs from the first upload to the last job's
`finished_at`. The baseline, measured just before each row, is
bare `tesseract` (one thread) on the same page images, one after another, summed. Writes
docs/benchmarks/uploads.md and uploads.png (pages/min against workers).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import seed
from bench.analysis import DEFAULT_SAMPLES
from bench.analysis_speed import LANGUAGES, bare_tesseract_seconds
from bench.common import Ratio, load_average, output_option, real_servers, write_results
from bench.load.stack import aims_env, apps, started, workers

from aims.kernel.settings import Settings
from tests.support.accounts import PASSWORD
from tests.support.processes import STARTUP_SECONDS

SCAN = "grfguide.scan.pdf"
"""The sample uploaded: six full pages of a scanned English manual."""

EFFICIENCY_GOAL = 0.9
"""SPEC §8: OCR throughput within 10% of the same Tesseract work run directly on every core."""


@dataclass(frozen=True)
class Row:
    """One worker count: the service's and the bare baseline's pages per minute."""

    workers: int
    service: float
    bare: float
    load: str

    @property
    def efficiency(self) -> float:
        """Service ÷ the bare rate times the cores the workers can use."""
        return self.service / (self.bare * min(self.workers, os.cpu_count() or 1))


def workers_registered(database_url: str, count: int) -> None:
    """Wait until `count` procrastinate workers have registered."""
    deadline = time.monotonic() + STARTUP_SECONDS
    query = "SELECT count(*) FROM procrastinate.procrastinate_workers"
    while time.monotonic() < deadline:
        with seed.connect(database_url) as conn:
            row = conn.execute(query).fetchone()
        if row is not None and int(str(row[0])) >= count:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{count} workers did not register")


def batch(client: httpx.Client, scan: bytes, documents: int, database_url: str) -> float:
    """Upload `documents` copies of `scan`; seconds until the last job has succeeded."""
    begun = datetime.now(UTC)
    ids = []
    for number in range(documents):
        answer = client.post(
            "/api/v1/admin/documents",
            files={"file": (f"scan-{number}.pdf", scan, "application/pdf")},
            data={"languages": LANGUAGES, "allow_duplicate": "true"},
        )
        answer.raise_for_status()
        ids.append(answer.json()["id"])
    query = (
        "SELECT count(*) FILTER (WHERE state = 'succeeded'), "
        "count(*) FILTER (WHERE state IN ('failed', 'cancelled')), max(finished_at) "
        "FROM admin.jobs WHERE document_id = ANY(%s::uuid[])"
    )
    while True:
        with seed.connect(database_url) as conn:
            done, failed, finished = conn.execute(query, (ids,)).fetchone() or (0, 0, None)
        if failed:
            raise RuntimeError("a benchmark job failed; see the worker logs")
        if done == documents and isinstance(finished, datetime):
            return (finished - begun).total_seconds()
        time.sleep(0.5)


def measure(args: argparse.Namespace, scan: bytes, pages_per_scan: int) -> list[Row]:
    """Every worker count in turn, its baseline just before it."""
    rows = []
    pages = args.documents * pages_per_scan
    with real_servers() as servers, tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        scan_file = work / "scan.pdf"
        scan_file.write_bytes(scan)
        env = aims_env(servers)
        phc = seed.password_hash(PASSWORD, Settings())
        admin = seed.users(servers.database_url, "bench-admin", 1, phc, role="admin")[0]
        serving = apps(env, work, 1)
        with started(serving), httpx.Client(base_url=serving[0].url, timeout=300) as client:
            login = client.post("/api/v1/auth/login", json={"email": admin, "password": PASSWORD})
            login.raise_for_status()
            client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            for count in args.workers:
                bare = pages_per_scan / bare_tesseract_seconds([scan_file]) * 60
                with started(workers(env, work, count)):
                    workers_registered(servers.database_url, count)
                    batch(client, scan, count, servers.database_url)  # warm every worker
                    seconds = batch(client, scan, args.documents, servers.database_url)
                rows.append(Row(count, pages / seconds * 60, bare, load_average()))
    return rows


def plot(rows: list[Row], path: Path) -> None:
    """Pages/min against workers, with the bare baseline and its ideal scaling."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    counts = [row.workers for row in rows]
    cores = os.cpu_count() or 1
    figure, axes = pyplot.subplots(figsize=(6, 4))
    axes.plot(counts, [row.service for row in rows], "o-", label="service (upload → processed)")
    axes.plot(counts, [row.bare for row in rows], "s--", label="bare tesseract, 1 process")
    ideal = [row.bare * min(row.workers, cores) for row in rows]
    axes.plot(counts, ideal, ":", label=f"bare × min(workers, {cores} cores)")
    axes.set_xlabel("aims worker processes")
    axes.set_ylabel("pages per minute")
    axes.set_xticks(counts)
    axes.set_ylim(bottom=0)
    axes.legend()
    axes.set_title("Scanned pages through the document service")
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def report(rows: list[Row], args: argparse.Namespace) -> str:
    lines = [
        f"{args.documents} copies of the sample scan {SCAN} (six full pages of a manual, "
        f"300-dpi JPEG pages), uploaded over HTTP to one `aims run --no-worker` with "
        f"languages {LANGUAGES}; 1 analysis process per `aims worker`; nothing pinned; the "
        "time runs from the first upload to the last job's `finished_at`, after one warm-up "
        "batch per row. Baseline: bare `tesseract -l jpn+eng --psm 3` (OMP_THREAD_LIMIT=1) on "
        "the same 300-dpi page images, one after another, measured just before the row. "
        "Efficiency: service ÷ (bare × min(workers, cores)).",
        "",
        "| workers | service, pages/min | bare tesseract, pages/min | efficiency "
        "| load average after |",
        "|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.workers} | {row.service:.1f} | {row.bare:.1f} | {row.efficiency:.2f} "
            f"| {row.load} |"
        )
    lines += ["", "![pages per minute against workers](uploads.png)"]
    return "\n".join(lines)


def ratios(rows: list[Row]) -> list[Ratio]:
    """Each worker count's efficiency against the goal."""
    return [
        Ratio(
            f"workers {row.workers}: pages/min, service ÷ (bare × min(workers, cores))",
            row.efficiency,
            EFFICIENCY_GOAL,
            "≥",
        )
        for row in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=4)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES, help="sample directory")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    output_option(parser)
    args = parser.parse_args()
    before = load_average()
    path = args.samples / SCAN
    if not path.is_file():
        parser.error(f"{path} not found (--samples: the folder of the sample documents)")
    scan = path.read_bytes()
    rows = measure(args, scan, len(pdfium.PdfDocument(scan)))
    text = f"Load average before: {before}.\n\n" + report(rows, args)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    plot(rows, args.out / "uploads.png")
    title = "Upload to processed, by workers"
    print(f"\nwritten to {write_results('uploads', title, text, args.out, ratios(rows))}")


if __name__ == "__main__":
    main()
