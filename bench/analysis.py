"""Benchmark of the document analysis engine: heading quality, text-layer speed, OCR, memory.

Run `.venv/bin/python bench/analysis.py [--samples DIR] [--tools DIR]`; it prints a table
and writes docs/benchmarks/analysis.md. The samples (NAME.pdf, NAME.scan.pdf and their
.truth.json) and score_hierarchy.py come from the folders given, by default ../shared/samples
and ../shared/tools beside the repository.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from aims.admin.analysis import AnalysisOptions, analyse_document, to_json

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"  # replaced by --samples
OUTPUT = ROOT / "docs" / "benchmarks" / "analysis.md"
LANGUAGES = "jpn+eng"
DPI = 300
MEMORY_PAGES = 100

Row = dict[str, Any]
score_hierarchy: Any = None  # the scorer module, loaded from --tools by main()


def sample_names() -> list[str]:
    """Names of the samples that have a born-digital PDF and a scan."""
    return sorted(p.name.removesuffix(".scan.pdf") for p in SAMPLES.glob("*.scan.pdf"))


def score_file(name: str, scan: bool, jobs: int) -> tuple[Row, float, int]:
    """Analyse one sample without its outline and score it; returns (score, seconds, pages)."""
    stem = f"{name}.scan" if scan else name
    data = (SAMPLES / f"{stem}.pdf").read_bytes()
    truth = score_hierarchy.json.loads((SAMPLES / f"{stem}.truth.json").read_text())
    started = time.perf_counter()
    result = analyse_document(data, f"{stem}.pdf", AnalysisOptions(use_outline=False, jobs=jobs))
    seconds = time.perf_counter() - started
    analysis = score_hierarchy.json.loads(to_json(result))
    return score_hierarchy.score(analysis, truth), seconds, len(result.pages)


def overall(rows: list[Row]) -> Row:
    """Micro-averaged precision, recall, F1 and level accuracy over documents."""
    matched = sum(r["matched"] for r in rows)
    detected = sum(r["detected"] for r in rows)
    truth = sum(r["truth"] for r in rows)
    precision = matched / detected if detected else 0.0
    recall = matched / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    levels = sum(r["level_accuracy"] * r["matched"] for r in rows) / matched if matched else 0.0
    return {
        "file": "overall",
        "detected": detected,
        "truth": truth,
        "matched": matched,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "level_accuracy": round(levels, 3),
    }


def quality(scan: bool, jobs: int) -> tuple[list[Row], float, int]:
    """Score every sample of one kind; returns rows (with overall), seconds and pages."""
    rows, seconds, pages = [], 0.0, 0
    for name in sample_names():
        row, spent, count = score_file(name, scan, jobs)
        rows.append(row)
        seconds += spent
        pages += count
    return [*rows, overall(rows)], seconds, pages


BARE_SETTINGS = {"default threads": {}, "OMP_THREAD_LIMIT=1": {"OMP_THREAD_LIMIT": "1"}}


def bare_tesseract_seconds(scan_files: list[Path]) -> dict[str, float]:
    """Summed time of the plain tesseract CLI on every scan page image, same language and DPI."""
    totals = dict.fromkeys(BARE_SETTINGS, 0.0)
    with tempfile.TemporaryDirectory() as folder:
        for path in scan_files:
            document = pdfium.PdfDocument(path)
            for index, page in enumerate(document):
                image = Path(folder) / f"{path.stem}-{index}.png"
                page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
                for setting, extra in BARE_SETTINGS.items():
                    totals[setting] += _time_tesseract(image, {**os.environ, **extra})
            document.close()
    return totals


def _time_tesseract(image: Path, environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["tesseract", str(image), "-", "-l", LANGUAGES, "--dpi", str(DPI)],
        check=True,
        capture_output=True,
        env=environment,
    )
    return time.perf_counter() - started


def build_long_scan(path: Path, pages: int) -> None:
    """A scan of `pages` pages made by repeating the sample scan pages."""
    sources = [pdfium.PdfDocument(p) for p in sorted(SAMPLES.glob("*.scan.pdf"))]
    plan = [(source, index) for source in sources for index in range(len(source))]
    target = pdfium.PdfDocument.new()
    for number in range(pages):
        source, index = plan[number % len(plan)]
        target.import_pages(source, [index])
    target.save(path)
    for source in [target, *sources]:
        source.close()


def _process_tree_memory(root: int) -> int:
    """Summed proportional set size (bytes) of a process and all its descendants."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(_pss(pid) for pid in tree)


def _pss(pid: int) -> int:
    """Proportional set size: shared pages are divided among the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_memory(path: Path) -> tuple[int, float]:
    """Peak summed PSS of the engine (all its processes) analysing a file, and wall seconds."""
    code = (
        "import sys; from aims.admin.analysis import AnalysisOptions, analyse_document; "
        "analyse_document(open(sys.argv[1], 'rb').read(), 'scan.pdf', AnalysisOptions())"
    )
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, str(path)])
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _process_tree_memory(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    stop.set()
    sampler.join()
    return peak, time.perf_counter() - started


def machine() -> str:
    """CPU model, cores, RAM and date of this run."""
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


def quality_table(title: str, rows: list[Row]) -> list[str]:
    """Markdown table of scores."""
    lines = [
        f"### {title}",
        "",
        "| document | detected | truth | matched | precision | recall | F1 | level accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['file']} | {r['detected']} | {r['truth']} | {r['matched']} | {r['precision']}"
        f" | {r['recall']} | **{r['f1']}** | **{r['level_accuracy']}** |"
        for r in rows
    ]
    return [*lines, ""]


def timed(label: str, action: Callable[[], Any]) -> Any:
    """Run a step, telling stderr what is going on."""
    print(f"bench: {label} …", file=sys.stderr, flush=True)
    return action()


def speed_rows(results: dict[str, Any]) -> list[str]:
    """Markdown rows of the speed and memory measurements."""
    cores = os.cpu_count() or 1
    rows = [
        f"| text layer, 1 process | {results['text_speed']:.1f} pages/s per core | ≥ 20 |",
        f"| OCR: engine wall time on {results['scan_pages']} scan pages, {cores} processes "
        f"| {results['scan_seconds']:.1f} s | |",
    ]
    for setting, seconds in results["bare_seconds"].items():
        rows.append(
            f"| OCR: bare `tesseract -l {LANGUAGES} --dpi {DPI}`, {setting}, same page "
            f"images, summed | {seconds:.1f} s | |"
        )
    for setting, seconds in results["bare_seconds"].items():
        rows.append(
            f"| OCR ratio engine / bare tesseract ({setting}) "
            f"| **{results['scan_seconds'] / seconds:.2f}** | ≤ 0.6 on 2 cores |"
        )
    for pages, (peak, seconds) in sorted(results["memory"].items()):
        rows.append(
            f"| peak memory (PSS, all processes incl. tesseract), {pages}-page scan "
            f"| {peak / 2**20:.0f} MiB ({seconds:.0f} s) | flat in page count |"
        )
    return rows


def report(results: dict[str, Any]) -> str:
    """The Markdown report of one run."""
    lines = [
        "# Analysis engine benchmark",
        "",
        f"Machine: {results['machine']}.",
        "",
        "Produced by `.venv/bin/python bench/analysis.py`; quality scored with "
        "`../shared/tools/score_hierarchy.py` (born-digital PDFs analysed without their outline).",
        "",
        "## Heading quality",
        "",
        *quality_table("Born-digital PDFs (--ignore-outline)", results["born"]),
        *quality_table("Scans (.scan.pdf, OCR)", results["scan"]),
        "## Speed and memory",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
        *speed_rows(results),
        "",
        "## Notes",
        "",
        "- Engine times are wall-clock times of `analyse_document` in this process (page pool "
        "of `os.cpu_count()` workers, `OMP_THREAD_LIMIT=1` each). The bare baselines run the "
        "`tesseract` CLI once per page image (PNG, rendered beforehand and not timed), with "
        "Tesseract's default threading and with `OMP_THREAD_LIMIT=1`; the ratio's goal of ≤ 0.6 "
        "on 2 cores means the engine adds little to Tesseract's own work and uses both cores.",
        "- Text-layer speed is pages per second of the born-digital samples analysed in one "
        "process (all stages, including the document-level passes).",
        "- Memory is the peak of the summed proportional set size (PSS) of the engine process, "
        "its workers and their tesseract children, sampled every 0.1 s; the long scans repeat "
        "the sample scan pages. The input file itself is held in memory (about 0.5 MB per "
        "scanned page here), so peak memory grows with the file size, not with pages in flight.",
        "- Times depend on whatever else the machine runs; quality figures do not.",
    ]
    return "\n".join(lines) + "\n"


def parse_arguments() -> argparse.Namespace:
    """--samples and --tools, checked to exist."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of the samples")
    parser.add_argument(
        "--tools", type=Path, default=SHARED / "tools", help="folder holding score_hierarchy.py"
    )
    arguments = parser.parse_args()
    if not any(arguments.samples.glob("*.scan.pdf")):
        parser.error(f"no samples (NAME.pdf, NAME.scan.pdf) in {arguments.samples}")
    if not (arguments.tools / "score_hierarchy.py").is_file():
        parser.error(f"no score_hierarchy.py in {arguments.tools}")
    return arguments


def main() -> None:
    """Run every measurement, print the report and write it to docs/benchmarks/analysis.md."""
    global SAMPLES, score_hierarchy
    arguments = parse_arguments()
    SAMPLES = arguments.samples
    sys.path.insert(0, str(arguments.tools))
    score_hierarchy = importlib.import_module("score_hierarchy")
    cores = os.cpu_count() or 1
    born, born_seconds, born_pages = timed("born-digital quality", lambda: quality(False, 1))
    scan, scan_seconds, scan_pages = timed("scan quality", lambda: quality(True, cores))
    scan_files = sorted(SAMPLES.glob("*.scan.pdf"))
    bare_seconds = timed("bare tesseract", lambda: bare_tesseract_seconds(scan_files))
    memory = {}
    with tempfile.TemporaryDirectory() as folder:
        for pages in (10, MEMORY_PAGES):
            path = Path(folder) / f"scan-{pages}.pdf"
            build_long_scan(path, pages)
            memory[pages] = timed(f"memory, {pages} pages", lambda p=path: peak_memory(p))
    results = {
        "machine": machine(),
        "born": born,
        "scan": scan,
        "text_speed": born_pages / born_seconds,
        "scan_pages": scan_pages,
        "scan_seconds": scan_seconds,
        "bare_seconds": bare_seconds,
        "memory": memory,
    }
    text = report(results)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
