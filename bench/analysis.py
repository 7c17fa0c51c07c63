"""Benchmark of the document analysis engine: heading quality, speed (in-process and through the
CLI), OCR against bare Tesseract, memory.

Run `.venv/bin/python bench/analysis.py [--samples DIR] [--tools DIR] [--only NAME ...]`
(default ../shared/samples and ../shared/tools); it prints a report and writes
docs/benchmarks/analysis.md and analysis.json (or into --out DIR). Quality is scored with
`score_hierarchy.py` from --tools (by default the samples' sibling `tools/`). --only limits
every measurement to the named samples (a quick check, not a result).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import analysis_speed as speed
from bench.common import RESULTS, Ratio, output_option, write_ratios

from aims.admin.analysis import AnalysisOptions, analyse_document, to_json

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLES = ROOT.parent / "shared" / "samples"
BASELINE = RESULTS / "analysis-baseline.json"
MEMORY_PAGES = (10, 100)
TEXT_PAGES_PER_SECOND = 20.0
"""SPEC §8: text-layer pages per second through the whole engine."""
OCR_WALL_RATIO = 0.6
"""CLI wall ÷ summed single-thread bare Tesseract on 2 cores: within 10% of both cores busy."""
MEMORY_GROWTH = 1.5
"""Peak memory of the long scan ÷ the short one: flat in the page count."""

Row = dict[str, Any]


def scorer(tools: Path) -> ModuleType:
    """The shared scorer (`score_hierarchy.py` in `tools`, by default beside the samples)."""
    path = tools / "score_hierarchy.py"
    spec = importlib.util.spec_from_file_location("score_hierarchy", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench: no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_names(samples: Path) -> list[str]:
    """Names of the samples that have a born-digital PDF and a scan."""
    return sorted(p.name.removesuffix(".scan.pdf") for p in samples.glob("*.scan.pdf"))


def quality(
    samples: Path, names: list[str], score: ModuleType, scan: bool, jobs: int
) -> tuple[list[Row], float, int]:
    """Score the samples `names` of one kind in-process; returns rows (with overall), seconds,
    pages."""
    rows, seconds, pages = [], 0.0, 0
    for name in names:
        stem = f"{name}.scan" if scan else name
        data = (samples / f"{stem}.pdf").read_bytes()
        truth = json.loads((samples / f"{stem}.truth.json").read_text())
        started = time.perf_counter()
        options = AnalysisOptions(use_outline=False, jobs=jobs)
        result = analyse_document(data, f"{stem}.pdf", options)
        seconds += time.perf_counter() - started
        pages += len(result.pages)
        rows.append({**score.score(json.loads(to_json(result)), truth), "file": f"{stem}.pdf"})
    return [*rows, overall(rows, OVERALL[scan])], seconds, pages


OVERALL = {False: "overall (born-digital)", True: "overall (scans)"}
QUALITY_GOAL = 0.95
"""Overall heading F1 and level accuracy the issue asks for, born-digital and scans alike."""
DOCUMENT_FLOOR = 0.85
"""No document's heading F1 may be lower."""


def overall(rows: list[Row], label: str) -> Row:
    """Micro-averaged precision, recall, F1 and level accuracy over documents."""
    matched = sum(r["matched"] for r in rows)
    detected = sum(r["detected"] for r in rows)
    truth = sum(r["truth"] for r in rows)
    precision = matched / detected if detected else 0.0
    recall = matched / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    levels = sum(r["level_accuracy"] * r["matched"] for r in rows) / matched if matched else 0.0
    return {
        "file": label,
        "detected": detected,
        "truth": truth,
        "matched": matched,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "level_accuracy": round(levels, 3),
    }


def machine() -> str:
    """CPU model, cores, RAM, Tesseract, Python, date and load of this run."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    tesseract = version.stdout.splitlines()[0] if version.stdout else "tesseract"
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.1f} GiB RAM, "
        f"{tesseract}, Python {platform.python_version()}; measured {today}"
    )


def load() -> str:
    """The 1-minute load average, to judge how quiet the machine was."""
    return f"{os.getloadavg()[0]:.2f}"


def quality_table(title: str, rows: list[Row], before: dict[str, Row]) -> list[str]:
    """Markdown table of scores, with the baseline's F1 and level accuracy beside them."""
    lines = [
        f"### {title}",
        "",
        "| document | detected | truth | matched | precision | recall | F1 | level accuracy "
        "| F1 before | levels before |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        old = before.get(r["file"], {})
        lines.append(
            f"| {r['file']} | {r['detected']} | {r['truth']} | {r['matched']} | {r['precision']}"
            f" | {r['recall']} | **{r['f1']}** | **{r['level_accuracy']}** "
            f"| {old.get('f1', '–')} | {old.get('level_accuracy', '–')} |"
        )
    return [*lines, ""]


def baseline(path: Path) -> dict[str, Row]:
    """Per-document scores of the baseline engine, and its overall rows, if recorded."""
    if not path.exists():
        return {}
    recorded: dict[str, Row] = json.loads(path.read_text())
    for scan in (False, True):
        kind = [
            row
            for name, row in recorded.items()
            if name.endswith(".pdf") and name.endswith(".scan.pdf") == scan
        ]
        recorded[OVERALL[scan]] = overall(kind, OVERALL[scan])
    return recorded


def speed_rows(results: dict[str, Any]) -> list[str]:
    """Markdown rows of the speed and memory measurements."""
    cores = os.cpu_count() or 1
    cli_pages, cli_seconds = results["cli_text"]
    scan_pages, scan_cli_seconds, bare, cli_cpu, bare_cpu = results["cli_scans"]
    rows = [
        f"| text layer, engine in-process, 1 process | {results['text_speed']:.1f} pages/s | |",
        f"| text layer, CLI (`--ignore-outline --jobs 1`, {cli_pages} pages, start-up included) "
        f"| **{cli_pages / cli_seconds:.1f} pages/s** ({cli_seconds:.1f} s) "
        f"| ≥ {TEXT_PAGES_PER_SECOND:.0f} |",
        f"| OCR, engine in-process, all {results['scan_pages']} scan pages, {cores} processes "
        f"| {results['scan_seconds']:.1f} s | |",
        f"| OCR, CLI, {len(results['scan_names'])} scans ({scan_pages} pages), one call each, "
        f"{cores} cores | {scan_cli_seconds:.1f} s | |",
        f"| OCR, bare `tesseract -l {speed.LANGUAGES} --psm 3`, OMP_THREAD_LIMIT=1, same page "
        f"images, summed | {bare:.1f} s | |",
        f"| OCR ratio CLI wall / summed bare single-thread Tesseract "
        f"| **{scan_cli_seconds / bare:.2f}** | ≤ {OCR_WALL_RATIO} on 2 cores |",
        f"| OCR CPU seconds, CLI (all its processes) / bare Tesseract (same pages) "
        f"| {cli_cpu:.1f} / {bare_cpu:.1f} = **{cli_cpu / bare_cpu:.2f}** | |",
        f"| OCR wall ratio on {cores} idle cores if the CLI's CPU time spread evenly "
        f"| {cli_cpu / cores / bare_cpu:.2f} | |",
    ]
    for pages, (peak, seconds) in sorted(results["memory"].items()):
        rows.append(
            f"| peak memory (PSS, CLI and all its processes incl. tesseract), {pages}-page scan "
            f"| {peak / 2**20:.0f} MiB ({seconds:.0f} s) | flat in page count |"
        )
    return rows


def report(results: dict[str, Any]) -> str:
    """The Markdown report of one run."""
    lines = [
        "# Analysis engine benchmark",
        "",
        f"Machine: {results['machine']}. Load average (1 min) at start {results['load'][0]}, "
        f"at end {results['load'][1]}.",
        "",
        "Produced by `.venv/bin/python bench/analysis.py`; quality scored with "
        "`shared/tools/score_hierarchy.py` on every sample (born-digital PDFs analysed without "
        "their outline, as `--ignore-outline`). The *before* columns are the engine before the "
        "heading rework (main at 3e77aa8), recorded in `analysis-baseline.json`.",
        "",
        "## Heading quality",
        "",
        *quality_table("Born-digital PDFs (--ignore-outline)", results["born"], results["before"]),
        *quality_table("Scans (.scan.pdf, OCR)", results["scan"], results["before"]),
        "## Speed and memory",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
        *speed_rows(results),
        "",
        "## Notes",
        "",
        "- CLI rows time `aims docs analyze --format json` as a user runs it (a new process per "
        "call, start-up and output included). The text-layer document is the samples "
        f"{', '.join(results['merged_names'])} merged; the scans are "
        f"{', '.join(results['scan_names'])} (`.scan.pdf`).",
        "- The bare baseline runs the `tesseract` CLI once per page image (300-DPI grey PNG, "
        "rendered beforehand and not timed) with `OMP_THREAD_LIMIT=1`, each scan's pages right "
        "before that scan's CLI call; a ratio of 0.5 would mean both cores busy with "
        "Tesseract's own work and nothing else.",
        "- Memory is the peak summed proportional set size (PSS) of the CLI process, its workers "
        "and their tesseract children, sampled every 0.1 s; the long scans repeat the sample "
        "scan pages.",
        "- Times depend on whatever else the machine runs (see the load average); quality "
        "figures do not.",
    ]
    return "\n".join(lines) + "\n"


def ratios(results: dict[str, Any]) -> list[Ratio]:
    """Quality against its goals and the engine before the rework, speed and memory against
    their goals."""
    found = []
    for rows, label in ((results["born"], "born-digital"), (results["scan"], "scans")):
        now, before = rows[-1], results["before"].get(rows[-1]["file"], {})
        found += [
            Ratio(f"heading F1, {label}", now["f1"], QUALITY_GOAL, "≥"),
            Ratio(f"level accuracy, {label}", now["level_accuracy"], QUALITY_GOAL, "≥"),
            Ratio(
                f"lowest document heading F1, {label}",
                min(row["f1"] for row in rows[:-1]),
                DOCUMENT_FLOOR,
                "≥",
            ),
        ]
        found += [
            Ratio(f"{name}, {label} (goal: the engine before)", now[key], before[key], "≥")
            for key, name in (("f1", "heading F1"), ("level_accuracy", "level accuracy"))
            if key in before
        ]
    cli_pages, cli_seconds = results["cli_text"]
    _, scan_seconds, bare, _, _ = results["cli_scans"]
    found += [
        Ratio(
            "text layer through the CLI",
            cli_pages / cli_seconds,
            TEXT_PAGES_PER_SECOND,
            "≥",
            " pages/s",
        ),
        Ratio(
            "OCR: CLI wall ÷ summed bare single-thread Tesseract",
            scan_seconds / bare,
            OCR_WALL_RATIO,
            "≤",
        ),
    ]
    if results["memory"]:
        short, long = (results["memory"][pages][0] for pages in MEMORY_PAGES)
        figure = f"peak memory, {MEMORY_PAGES[1]}-page ÷ {MEMORY_PAGES[0]}-page scan"
        found.append(Ratio(figure, long / short, MEMORY_GROWTH, "≤"))
    return found


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement of one run, over the samples `--only` names (default: all)."""
    samples: Path = args.samples
    score = scorer(args.tools or samples.parent / "tools")
    names = args.only or sample_names(samples)
    cores = os.cpu_count() or 1
    started_load = load()
    born, born_seconds, born_pages = quality(samples, names, score, False, 1)
    scan, scan_seconds, scan_pages = quality(samples, names, score, True, cores)
    merged_names = tuple(args.only or speed.MERGED_SAMPLES)
    scan_names = tuple(args.only or speed.CLI_SCANS)
    results: dict[str, Any] = {
        "born": born,
        "scan": scan,
        "text_speed": born_pages / born_seconds,
        "scan_pages": scan_pages,
        "scan_seconds": scan_seconds,
        "merged_names": merged_names,
        "scan_names": scan_names,
        "cli_text": speed.cli_text_layer(samples, merged_names),
        "cli_scans": speed.cli_scans(samples, scan_names),
        "memory": {},
        "before": baseline(args.baseline),
    }
    if not args.no_memory:
        with tempfile.TemporaryDirectory() as folder:
            for pages in MEMORY_PAGES:
                path = Path(folder) / f"scan-{pages}.pdf"
                speed.build_long_scan(samples, path, pages)
                results["memory"][pages] = speed.peak_memory(path)
    results["machine"] = machine()
    results["load"] = (started_load, load())
    return results


def main() -> None:
    """Run every measurement, print the report and write it to docs/benchmarks/analysis.md."""
    parser = argparse.ArgumentParser(description="Benchmark of the document analysis engine.")
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES, help="sample directory")
    parser.add_argument("--tools", type=Path, help="scorer directory (default: beside samples)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these samples")
    output_option(parser)
    parser.add_argument("--no-memory", action="store_true", help="skip the long memory runs")
    parser.add_argument(
        "--baseline", type=Path, default=BASELINE, help="per-document scores to compare with"
    )
    args = parser.parse_args()
    samples: Path = args.samples
    if not (samples / "README.md").exists() and not any(samples.glob("*.scan.pdf")):
        raise SystemExit(f"bench: no samples in {samples} (give --samples DIR)")
    results = measure(args)
    text = report(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "analysis.md").write_text(text, encoding="utf-8")
    write_ratios("analysis", ratios(results), args.out)
    print(text)


if __name__ == "__main__":
    main()
