"""Speed and memory of the analysis engine: in-process, through the CLI a user runs, and bare
Tesseract on the same page images as the baseline."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

LANGUAGES = "jpn+eng"
DPI = 300
AIMS = Path(sys.executable).with_name("aims")
# The eight born-digital samples that make the 145-page document of the speed goal.
MERGED_SAMPLES = (
    "bxjscls-manual",
    "eptexdoc",
    "exppl2e",
    "grfguide",
    "kanbun-ja",
    "luatexja-ruby",
    "ptex-manual",
    "pxcjkcat",
)
CLI_SCANS = ("bxjscls-manual", "grfguide", "psnfss2e")


def merge(paths: list[Path], target: Path) -> int:
    """Write one PDF holding every page of `paths`; return its page count."""
    merged = pdfium.PdfDocument.new()
    for path in paths:
        source = pdfium.PdfDocument(path)
        merged.import_pages(source)
        source.close()
    merged.save(target)
    count = len(merged)
    merged.close()
    return count


def cli_seconds(path: Path, *arguments: str) -> float:
    """Wall time of one `aims docs analyze` call as a user runs it, start-up included."""
    return cli_times(path, *arguments)[0]


def cli_times(path: Path, *arguments: str) -> tuple[float, float]:
    """Wall time and CPU time (all its processes, tesseract included) of one CLI call."""
    cpu = children_cpu()
    started = time.perf_counter()
    subprocess.run(
        [str(AIMS), "docs", "analyze", "--format", "json", *arguments, str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, children_cpu() - cpu


def children_cpu() -> float:
    """User and system CPU seconds of every finished child process so far: unlike wall time,
    it does not grow with what else the machine runs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_text_layer(samples: Path, names: Sequence[str] = MERGED_SAMPLES) -> tuple[int, float]:
    """Pages and CLI seconds for the merged born-digital document, one process, no outline."""
    with tempfile.TemporaryDirectory() as folder:
        merged = Path(folder) / "merged.pdf"
        pages = merge([samples / f"{name}.pdf" for name in names], merged)
        return pages, cli_seconds(merged, "--ignore-outline", "--jobs", "1")


def cli_scans(
    samples: Path, names: Sequence[str] = CLI_SCANS
) -> tuple[int, float, float, float, float]:
    """Pages, summed CLI seconds (one call per scan, all cores), summed bare Tesseract seconds,
    and the CPU seconds of both, of the scans `names`; each scan's bare run comes right before
    its CLI run, so that both meet about the same load on a shared machine."""
    pages, cli, bare, cli_cpu, bare_cpu = 0, 0.0, 0.0, 0.0, 0.0
    for name in names:
        path = samples / f"{name}.scan.pdf"
        pages += len(pdfium.PdfDocument(path))
        cpu = children_cpu()
        bare += bare_tesseract_seconds([path])
        bare_cpu += children_cpu() - cpu
        wall, used = cli_times(path)
        cli += wall
        cli_cpu += used
    return pages, cli, bare, cli_cpu, bare_cpu


def bare_tesseract_seconds(scan_files: list[Path]) -> float:
    """Summed time of single-threaded `tesseract -l jpn+eng --psm 3` on every page image."""
    total = 0.0
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as folder:
        for path in scan_files:
            document = pdfium.PdfDocument(path)
            for index, page in enumerate(document):
                image = Path(folder) / f"{path.stem}-{index}.png"
                page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
                started = time.perf_counter()
                subprocess.run(
                    [
                        "tesseract",
                        str(image),
                        "-",
                        "-l",
                        LANGUAGES,
                        "--psm",
                        "3",
                        "--dpi",
                        str(DPI),
                    ],
                    check=True,
                    capture_output=True,
                    env=environment,
                )
                total += time.perf_counter() - started
            document.close()
    return total


def build_long_scan(samples: Path, path: Path, pages: int) -> None:
    """A scan of `pages` pages made by repeating the sample scan pages."""
    sources = [pdfium.PdfDocument(p) for p in sorted(samples.glob("*.scan.pdf"))]
    plan = [(source, index) for source in sources for index in range(len(source))]
    target = pdfium.PdfDocument.new()
    for number in range(pages):
        source, index = plan[number % len(plan)]
        target.import_pages(source, [index])
    target.save(path)
    for source in [target, *sources]:
        source.close()


def peak_memory(path: Path) -> tuple[int, float]:
    """Peak summed PSS of the CLI (all its processes) analysing a file, and wall seconds."""
    started = time.perf_counter()
    process = subprocess.Popen([str(AIMS), "docs", "analyze", str(path)], stdout=subprocess.DEVNULL)
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
