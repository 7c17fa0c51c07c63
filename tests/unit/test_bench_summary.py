"""bench/all.py's summary: each ratio against its goal, skipped and crashed benches named."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.all import BENCHES, Outcome, earlier, parse, samples_problem, summary
from bench.common import RESULTS, Ratio, read_ratios, write_ratios


def test_a_goal_is_met_at_or_beyond_it_in_its_direction() -> None:
    assert Ratio("rate", 3.0, 3.0, "≥").met
    assert not Ratio("rate", 2.99, 3.0, "≥").met
    assert Ratio("p99 share", 0.3, 1 / 3, "≤").met
    assert not Ratio("p99 share", 0.34, 1 / 3, "≤").met


def test_the_summary_prints_every_ratio_with_its_goal_and_names_benches_without_ratios() -> None:
    now = "2026-12-01 08:00 UTC"
    outcomes = [
        Outcome("lists", (Ratio("middle page p99 ratio", 1.96, 1.5, "≤"),), measured=now),
        Outcome("auth", (Ratio("sign-in overhead", 4.2, 5.0, "≤", " ms"),), measured=now),
        Outcome("analysis", problem="skipped: no samples"),
        Outcome("uploads", problem="crashed (exit 1)", crashed=True),
    ]

    table = summary(outcomes)

    assert f"| lists | {now} | middle page p99 ratio | 1.96 | ≤ 1.5 | **not met** |" in table
    assert f"| auth | {now} | sign-in overhead | 4.20 ms | ≤ 5 ms | met |" in table
    assert "| analysis |  | skipped: no samples |" in table
    assert "| uploads |  | crashed (exit 1) |" in table
    assert table.endswith("Goals met: 1 of 2.")


def test_ratios_written_by_a_bench_read_back_the_same(tmp_path: Path) -> None:
    ratios = [Ratio("service ÷ engine", 0.9, 0.8, "≥"), Ratio("p50", 1.2, 2.0, "≤", " ms")]

    path = write_ratios("documents", ratios, tmp_path)

    assert path == tmp_path / "documents.json"
    recorded = read_ratios(path)
    assert recorded.bench == "documents"
    assert recorded.ratios == ratios
    assert "cores" in recorded.machine


def test_a_bench_left_out_shows_what_it_recorded_on_an_earlier_run(tmp_path: Path) -> None:
    analysis = next(bench for bench in BENCHES if bench.name == "analysis")
    assert earlier(analysis, tmp_path).problem == "not run, nothing recorded"

    ratio = Ratio("scans F1", 0.96, 0.95, "≥")
    write_ratios(analysis.results, [ratio], tmp_path)

    recorded = earlier(analysis, tmp_path)
    assert recorded.ratios == (ratio,)
    assert recorded.measured.endswith(", earlier run")
    assert f"| analysis | {recorded.measured} | scans F1 | 0.96 | ≥ 0.95 | met |" in summary(
        [recorded]
    )


def test_benches_reading_the_samples_are_skipped_without_them_or_the_scorer(
    tmp_path: Path,
) -> None:
    analysis, uploads = (
        next(b for b in BENCHES if b.name == name) for name in ("analysis", "uploads")
    )
    samples, tools = tmp_path / "samples", tmp_path / "tools"
    assert samples_problem(analysis, samples, tools) == "skipped: no samples"
    assert samples_problem(uploads, samples, tools) == "skipped: no samples"
    samples.mkdir()
    (samples / "a.scan.pdf").write_bytes(b"%PDF")
    assert samples_problem(analysis, samples, tools) == "skipped: no scorer"
    assert samples_problem(uploads, samples, tools) == ""
    tools.mkdir()
    (tools / "score_hierarchy.py").write_text("")
    assert samples_problem(analysis, samples, tools) == ""


def test_a_quick_run_never_writes_over_the_committed_results(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        parse(["--quick", "--out", str(RESULTS)])
    assert "quick figures are not results" in capsys.readouterr().err

    quick = parse(["--quick", "--only", "auth"])
    assert quick.out.resolve() != RESULTS.resolve()
    quick.out.rmdir()
    assert parse([]).out == RESULTS
