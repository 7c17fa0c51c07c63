"""What every benchmark shares: the machine it ran on, latency statistics, result files."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import UTC, datetime
from pathlib import Path

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


def write_results(name: str, title: str, body: str) -> Path:
    """Write docs/benchmarks/<name>.md with the machine and date above `body`."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    path.write_text(
        f"# {title}\n\nMeasured {stamp} on: {machine()}.\n\n{body.strip()}\n", encoding="utf-8"
    )
    return path
