"""What every benchmark shares: the machine it ran on, latency statistics, result files and
the ratios each run measured against its goals."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import httpx
import msgspec

from aims.kernel import migrations
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app
from tests.support.servers import RedisServer, create_database, postgres_server_url

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "benchmarks"


def machine() -> str:
    """CPU model, cores, memory, Python: one line for a results file."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(samples: list[float], fraction: float) -> float:
    """The `fraction` quantile (0.5 = median) of `samples`."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50, p99 and mean in milliseconds, and requests per second, of seconds-per-call samples."""
    return {
        "p50_ms": percentile(samples, 0.5) * 1000,
        "p99_ms": percentile(samples, 0.99) * 1000,
        "mean_ms": statistics.fmean(samples) * 1000,
        "per_second": len(samples) / sum(samples),
    }


@dataclass(frozen=True)
class Ratio:
    """One figure a bench measured, with its goal: `value` must be `direction` `goal`."""

    figure: str
    value: float
    goal: float
    direction: Literal["≥", "≤"]
    unit: str = ""

    @property
    def met(self) -> bool:
        """Whether the measured value reaches the goal."""
        return self.value >= self.goal if self.direction == "≥" else self.value <= self.goal

    @property
    def measured(self) -> str:
        """The value as the summary prints it."""
        return f"{self.value:.2f}{self.unit}"

    @property
    def target(self) -> str:
        """The goal as the summary prints it."""
        return f"{self.direction} {self.goal:.3g}{self.unit}"


@dataclass(frozen=True)
class RatioFile:
    """docs/benchmarks/<name>.json: the ratios of one run, where and when they were measured."""

    bench: str
    measured: str
    machine: str
    ratios: list[Ratio]


def output_option(parser: argparse.ArgumentParser) -> None:
    """Add `--out DIR`: where a bench writes its results (default docs/benchmarks)."""
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="results directory (default docs/benchmarks)"
    )


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_ratios(name: str, ratios: Sequence[Ratio], directory: Path = RESULTS) -> Path:
    """Write <directory>/<name>.json: every ratio of this run, for bench/all.py to collect."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    record = RatioFile(name, _stamp(), machine(), list(ratios))
    path.write_bytes(msgspec.json.format(msgspec.json.encode(record)) + b"\n")
    return path


def read_ratios(path: Path) -> RatioFile:
    """The ratios a bench wrote with `write_ratios`."""
    return msgspec.json.decode(path.read_bytes(), type=RatioFile)


def write_results(
    name: str,
    title: str,
    body: str,
    directory: Path = RESULTS,
    ratios: Sequence[Ratio] | None = None,
) -> Path:
    """Write docs/benchmarks/<name>.md (or <directory>/<name>.md) with the machine and date
    above `body`, and <name>.json with `ratios` when given."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.md"
    path.write_text(
        f"# {title}\n\nMeasured {_stamp()} on: {machine()}.\n\n{body.strip()}\n", encoding="utf-8"
    )
    if ratios is not None:
        write_ratios(name, ratios, directory)
    return path


@dataclass(frozen=True)
class Servers:
    """A migrated database, a Redis and a scratch directory for one benchmark run."""

    database_url: str
    redis_url: str
    scratch: str


@asynccontextmanager
async def aims_client(servers: Servers) -> AsyncIterator[tuple[Settings, httpx.AsyncClient]]:
    """The whole app on `servers`, started, behind an in-process HTTP client (no network)."""
    settings = Settings(
        database_url=servers.database_url,
        redis_url=servers.redis_url,
        data_dir=servers.scratch,
        in_process_worker=False,
    )
    app = build_app(Runtime.build(settings, servers.database_url))
    transport = httpx.ASGITransport(app)  # type: ignore[arg-type]
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://aims") as client,
    ):
        yield settings, client


@contextmanager
def real_servers() -> Iterator[Servers]:
    """PostgreSQL and Redis: AIMS_TEST_DATABASE_URL / AIMS_TEST_REDIS_URL, else embedded ones."""
    with tempfile.TemporaryDirectory() as scratch:
        server = postgres_server_url(Path(scratch) / "pg", os.environ.get("AIMS_TEST_DATABASE_URL"))
        database_url = create_database(server, prefix="aims_bench")
        migrations.upgrade(database_url)
        redis_url = os.environ.get("AIMS_TEST_REDIS_URL")
        redis_server = None if redis_url else RedisServer(Path(scratch))
        if redis_server is not None:
            redis_server.start()
            redis_url = redis_server.url
        assert redis_url is not None
        try:
            yield Servers(database_url, redis_url, scratch)
        finally:
            if redis_server is not None:
                redis_server.stop()


async def timed(
    request: Callable[[], Awaitable[httpx.Response]],
    count: int,
    before: Callable[[], Awaitable[Any]] | None = None,
) -> list[float]:
    """Seconds per request, `count` sequential requests (after a short warm-up)."""
    for _ in range(50):
        (await request()).raise_for_status()
    samples = []
    for _ in range(count):
        if before is not None:
            await before()
        started = time.perf_counter()
        response = await request()
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
    return samples
