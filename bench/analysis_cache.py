"""Heading quality from cached page results: iterate on the document-level rules in seconds.

The per-page stage (text layer, OCR) is slow on scans; the heading rules run after it, over the
whole document. This tool stores every sample's page results once and re-runs only the
document-level passes, then scores them and lists each false and missed heading.

    .venv/bin/python bench/analysis_cache.py [--samples DIR] [--refresh] [--only NAME] [-v]

`--refresh` recomputes the page results (needed after a change to the per-page stage).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.analysis import DEFAULT_SAMPLES, OVERALL, overall, sample_names, scorer

from aims.admin.analysis import AnalysisOptions, to_json
from aims.admin.analysis.document import assemble
from aims.admin.analysis.model import PageResult, SourceInfo
from aims.admin.analysis.pipeline import check_input, iter_pages

CACHE = Path(__file__).resolve().parents[1] / ".aims" / "bench-pages"


def page_results(
    path: Path, refresh: bool, jobs: int | None
) -> tuple[SourceInfo, list[PageResult]]:
    """The page results of one PDF, from the cache when it holds them."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    cached = CACHE / f"{path.name}.{sha[:16]}.msgpack"
    source = SourceInfo(filename=path.name, sha256=sha, media_type="application/pdf", page_count=0)
    if cached.exists() and not refresh:
        pages = msgspec.msgpack.decode(cached.read_bytes(), type=list[PageResult])
    else:
        checked = check_input(data)
        pages = list(iter_pages(data, checked, AnalysisOptions(use_outline=False, jobs=jobs)))
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(msgspec.msgpack.encode(pages))
    return msgspec.structs.replace(source, page_count=len(pages)), pages


def mistakes(analysis: dict[str, Any], truth: dict[str, Any], score: Any) -> list[str]:
    """Lines naming every false heading (+) and every missed one (-), as the scorer pairs them."""
    detected = score.detected_headings(analysis)
    expected = [h for h in truth["headings"] if h.get("page") is not None]
    used_d: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for i, d in enumerate(detected):
        for j, g in enumerate(expected):
            if d["page"] is None or abs(d["page"] - g["page"]) > 1:
                continue
            similarity = score.similar(score.norm(d["text"]), score.norm(g["title"]))
            if similarity >= 0.8:
                pairs.append((similarity, -abs(d["page"] - g["page"]), i, j))
    lines = []
    for _, _, i, j in sorted(pairs, reverse=True):
        if i not in used_d and j not in used_g:
            used_d.add(i)
            used_g.add(j)
            d, g = detected[i], expected[j]
            if d["level"] != g["level"]:
                lines.append(f"  = p{d['page']} L{d['level']} (truth L{g['level']}) {d['text']!r}")
    lines += [
        f"  + p{d['page']} L{d['level']} {d['text'][:90]!r}"
        for i, d in enumerate(detected)
        if i not in used_d
    ]
    lines += [
        f"  - p{g['page']} L{g['level']} {g['title'][:90]!r}"
        for j, g in enumerate(expected)
        if j not in used_g
    ]
    return lines


def main() -> None:
    """Score every sample from cached page results and print the table and the mistakes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--refresh", action="store_true", help="recompute the page results")
    parser.add_argument("--only", help="only samples whose file name contains this")
    parser.add_argument("--kind", choices=("born", "scan", "both"), default="both")
    parser.add_argument("--jobs", type=int, default=None, help="processes for the page stage")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    score = scorer(args.samples.parent / "tools")
    kinds = {"born": (False,), "scan": (True,), "both": (False, True)}[args.kind]
    for scan in kinds:
        rows = []
        for name in sample_names(args.samples):
            stem = f"{name}.scan" if scan else name
            if args.only and args.only not in stem:
                continue
            source, pages = page_results(args.samples / f"{stem}.pdf", args.refresh, args.jobs)
            analysis = json.loads(to_json(assemble(source, pages)))
            truth = json.loads((args.samples / f"{stem}.truth.json").read_text())
            row = {**score.score(analysis, truth), "file": f"{stem}.pdf"}
            rows.append(row)
            print(
                f"{row['file']:28} det {row['detected']:3} truth {row['truth']:3} "
                f"P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f} "
                f"L {row['level_accuracy']:.3f}"
            )
            if args.verbose:
                print("\n".join(mistakes(analysis, truth, score)))
        total = overall(rows, OVERALL[scan])
        print(
            f"{total['file']:28} det {total['detected']:3} truth {total['truth']:3} "
            f"P {total['precision']:.3f} R {total['recall']:.3f} F1 {total['f1']:.3f} "
            f"L {total['level_accuracy']:.3f}\n"
        )


if __name__ == "__main__":
    main()
