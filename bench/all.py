"""Every benchmark in one command: runs each, collects its ratios, prints them with their goals.

    .venv/bin/python bench/all.py [--quick] [--only NAME ...] [--samples DIR] [--tools DIR]
                                  [--out DIR]

Each bench runs as its own process (its own servers and clean-up) and writes its results
and ratios (<name>.md and <name>.json) to --out, by default docs/benchmarks; this command
then prints one table (bench, when measured, figure, value, goal, met) and writes it to
<out>/summary.md with the machine named. A bench left out by --only appears with the ratios
it recorded in --out on an earlier run, marked with that run's date (a long bench, such as
the analysis one, need not run again to complete the summary). The analysis bench needs the
sample set and its scorer (--samples, --tools; by default ../shared/samples and
../shared/tools): without them it is reported as skipped. Goals not met are reported, not
failures; the exit status is 1 only when a bench crashed. --quick runs every bench at its
smallest settings, into a scratch directory, to check in a few minutes that everything runs:
its figures are not results.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, ROOT, Ratio, read_ratios, write_results

BENCH_DIR = ROOT / "bench"
DEFAULT_SAMPLES = ROOT.parent / "shared" / "samples"
QUICK_NOTE = (
    "**Quick run** (smallest settings): these figures only check that every bench runs; "
    "they are not results."
)


@dataclass(frozen=True)
class Bench:
    """One benchmark script, the results file it writes and its smallest settings."""

    name: str
    results: str
    quick: tuple[str, ...]
    needs_samples: bool = False
    needs_scorer: bool = False

    @property
    def script(self) -> Path:
        """The script under bench/."""
        return BENCH_DIR / f"{self.name}.py"


BENCHES = (
    Bench("auth", "auth", ("--logins", "5", "--requests", "100")),
    Bench("profiles", "profiles", ("--requests", "100")),
    Bench(
        "hotpaths",
        "http",
        ("--seconds", "1", "--rounds", "1", "--logins", "3", "--connections", "8"),
    ),
    Bench(
        "lists", "lists", ("--small", "200", "--large", "1000", "--seconds", "1", "--rounds", "1")
    ),
    Bench("documents", "documents", ("--pages", "2", "--scan-pages", "1", "--rounds", "1")),
    Bench("uploads", "uploads", ("--documents", "1", "--workers", "1"), needs_samples=True),
    Bench(
        "analysis",
        "analysis",
        ("--only", "exppl2e", "--no-memory"),
        needs_samples=True,
        needs_scorer=True,
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What one bench gave: its ratios, or why it has none (skipped or crashed)."""

    bench: str
    ratios: tuple[Ratio, ...] = ()
    problem: str = ""
    crashed: bool = False
    measured: str = ""
    """When the ratios were measured ("earlier run" when they were not measured now)."""


def summary(outcomes: Sequence[Outcome]) -> str:
    """The Markdown table of every ratio with its goal, and a line per goal count."""
    lines = [
        "| bench | measured | figure | value | goal | met |",
        "|---|---|---|---:|---|---|",
    ]
    for outcome in outcomes:
        head = f"| {outcome.bench} | {outcome.measured} |"
        if outcome.problem:
            lines.append(f"{head} {outcome.problem} | | | |")
        for ratio in outcome.ratios:
            met = "met" if ratio.met else "**not met**"
            lines.append(f"{head} {ratio.figure} | {ratio.measured} | {ratio.target} | {met} |")
    ratios = [ratio for outcome in outcomes for ratio in outcome.ratios]
    lines += ["", f"Goals met: {sum(ratio.met for ratio in ratios)} of {len(ratios)}."]
    return "\n".join(lines)


def samples_problem(bench: Bench, samples: Path, tools: Path) -> str:
    """Why a bench that reads the samples cannot run here ("" when it can)."""
    if not any(samples.glob("*.scan.pdf")):
        return "skipped: no samples"
    if bench.needs_scorer and not (tools / "score_hierarchy.py").exists():
        return "skipped: no scorer"
    return ""


def command(bench: Bench, args: argparse.Namespace) -> list[str]:
    """The bench's command line: its quick settings if asked, the sample paths if it needs them."""
    line = [sys.executable, str(bench.script), "--out", str(args.out)]
    if args.quick:
        line += bench.quick
    if bench.needs_samples:
        line += ["--samples", str(args.samples)]
    if bench.needs_scorer:
        line += ["--tools", str(args.tools)]
    return line


def run(bench: Bench, args: argparse.Namespace) -> Outcome:
    """Run one bench in its own process and collect the ratios it wrote."""
    if bench.needs_samples and (problem := samples_problem(bench, args.samples, args.tools)):
        return Outcome(bench.name, problem=problem)
    recorded = args.out / f"{bench.results}.json"
    recorded.unlink(missing_ok=True)
    line = command(bench, args)
    print(f"\n== {bench.name}: {' '.join(line[1:])}", flush=True)
    started = time.monotonic()
    exit_code = subprocess.run(line, check=False).returncode
    print(f"== {bench.name}: exit {exit_code} after {time.monotonic() - started:.0f} s", flush=True)
    if exit_code != 0:
        return Outcome(bench.name, problem=f"crashed (exit {exit_code})", crashed=True)
    if not recorded.exists():
        return Outcome(bench.name, problem=f"wrote no {recorded.name}", crashed=True)
    record = read_ratios(recorded)
    return Outcome(bench.name, ratios=tuple(record.ratios), measured=record.measured)


def earlier(bench: Bench, out: Path) -> Outcome:
    """What a bench not run now recorded in `out` on an earlier run."""
    recorded = out / f"{bench.results}.json"
    if not recorded.exists():
        return Outcome(bench.name, problem="not run, nothing recorded")
    record = read_ratios(recorded)
    return Outcome(bench.name, tuple(record.ratios), measured=f"{record.measured}, earlier run")


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, with --out settled (a scratch directory for a quick run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = [bench.name for bench in BENCHES]
    parser.add_argument("--quick", action="store_true", help="smallest settings, not results")
    parser.add_argument("--only", nargs="+", choices=names, default=names, metavar="NAME")
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--tools", type=Path, help="default: tools/ beside --samples")
    parser.add_argument("--out", type=Path, help="results directory (default docs/benchmarks)")
    args = parser.parse_args(argv)
    args.tools = args.tools or args.samples.parent / "tools"
    if args.out is None:
        args.out = Path(tempfile.mkdtemp(prefix="aims-bench-quick-")) if args.quick else RESULTS
    if args.quick and args.out.resolve() == RESULTS.resolve():
        parser.error("quick figures are not results: give --out a directory outside docs/")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benches, print and write the summary; 1 if a bench crashed."""
    args = parse(argv)
    outcomes = [
        run(bench, args) if bench.name in args.only else earlier(bench, args.out)
        for bench in BENCHES
    ]
    table = summary(outcomes)
    intro = "Produced by `.venv/bin/python bench/all.py`; each bench's own file has the details."
    body = f"{QUICK_NOTE}\n\n{table}" if args.quick else f"{intro}\n\n{table}"
    path = write_results("summary", "Benchmark summary", body, args.out)
    print(f"\n{body}\n\nwritten to {path}")
    crashed = [outcome.bench for outcome in outcomes if outcome.crashed]
    if crashed:
        print(f"bench/all.py: {', '.join(crashed)} crashed (see its output above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
