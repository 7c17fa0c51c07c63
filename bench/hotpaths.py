"""Hot paths over real HTTP: AIMS against FastAPI Users, measured from outside in one run.

    .venv/bin/python bench/hotpaths.py [--seconds 10] [--connections 32] [--rounds 3]

Starts PostgreSQL (embedded) and Redis, the peer (FastAPI Users 15 in its documented
standard set-up, bench/peers/fastapi_users, installed into its own virtual environment
under --work) and AIMS twice (`aims run` with in-process stores, and with Redis). Every
server runs alone on core 0; PostgreSQL, Redis and wrk share core 1. Rows, each the median
of --rounds interleaved rounds:

- `GET …/me` and the profile read: wrk, 32 keep-alive connections, requests/s and p99;
- sign-in p50 at one connection ÷ a bare verify of the same password with the same
  password hasher and parameters (run on the server core);
- profile-read p99 while 4 connections keep signing in ÷ profile-read p99 alone.

Prints every row with its goal and writes docs/benchmarks/http.md. Needs wrk
(`scripts/setup.sh --bench` installs it) and two cores.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Ratio, output_option, write_results
from bench.http_targets import (
    Target,
    aims_target,
    bare_verifications,
    bearer_header,
    peer_target,
    sign_up,
)
from bench.loadgen import (
    LOAD_CORE,
    WrkResult,
    background_wrk,
    cores_available,
    pin,
    post_script,
    wrk,
)

from aims.kernel import migrations
from tests.support.servers import RedisServer, create_database, postgres_server_url

FLOOD_CONNECTIONS = 4

Row = tuple[str, list[Ratio]]
"""A Markdown table row and the ratios it shows."""


@contextmanager
def backing_services(work: Path) -> Iterator[tuple[str, str]]:
    """PostgreSQL and Redis pinned to the load core."""
    server_url = postgres_server_url(work / "pg", None)
    pid_file = work / "pg" / "postgres" / "postmaster.pid"
    pin(int(pid_file.read_text().split()[0]), LOAD_CORE)
    redis = RedisServer(work)
    redis.start()
    assert redis.process is not None
    pin(redis.process.pid, LOAD_CORE)
    try:
        yield server_url, redis.url
    finally:
        redis.stop()


def _asyncpg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql+asyncpg://", 1)


@dataclass
class Measures:
    """Per target label: every round's result of every row."""

    me: dict[str, list[WrkResult]] = field(default_factory=dict)
    profile: dict[str, list[WrkResult]] = field(default_factory=dict)
    flood: dict[str, list[WrkResult]] = field(default_factory=dict)
    sign_in: dict[str, list[float]] = field(default_factory=dict)
    bare: dict[str, list[float]] = field(default_factory=dict)


def _round(targets: list[Target], measures: Measures, args: argparse.Namespace) -> None:
    load = {"seconds": args.seconds, "connections": args.connections}
    for target in targets:
        url = target.server.url
        measures.me.setdefault(target.label, []).append(
            wrk(url + target.me_path, headers=bearer_header(target), **load)
        )
        measures.profile.setdefault(target.label, []).append(
            wrk(url + target.profile_path, headers=bearer_header(target), **load)
        )
        flood = post_script(target.login_body, target.login_type)
        with background_wrk(
            url + target.login_path,
            seconds=args.seconds + 5,
            connections=FLOOD_CONNECTIONS,
            script=flood,
        ):
            time.sleep(1)
            measures.flood.setdefault(target.label, []).append(
                wrk(url + target.profile_path, headers=bearer_header(target), **load)
            )
        measures.sign_in.setdefault(target.label, []).extend(_sign_ins(target, args.logins))
        measures.bare.setdefault(target.label, []).extend(bare_verifications(target, args.logins))


def _sign_ins(target: Target, count: int) -> list[float]:
    samples = []
    with httpx.Client(timeout=30) as client:
        target.login(client).raise_for_status()
        for _ in range(count):
            started = time.perf_counter()
            answer = target.login(client)
            samples.append(time.perf_counter() - started)
            answer.raise_for_status()
    return samples


def _median(results: list[WrkResult]) -> WrkResult:
    return WrkResult(
        statistics.median(r.per_second for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        sum(r.errors for r in results),
    )


def _read_row(name: str, rows: dict[str, list[WrkResult]], peer: str) -> Row:
    base = _median(rows[peer])
    cells, ratios = [], []
    for label, results in rows.items():
        row = _median(results)
        cell = f"{row.per_second:.0f} ({row.p99_ms:.0f})"
        if label != peer:
            ratio = row.per_second / base.per_second
            share = row.p99_ms / base.p99_ms
            cell += f": **{ratio:.2f}×**, p99 {share:.2f}×"
            ratios += [
                Ratio(f"{label}: {name} requests/s ÷ {peer}", ratio, 3.0, "≥"),
                Ratio(f"{label}: {name} p99 ÷ {peer}", share, 1 / 3, "≤"),
            ]
        if row.errors:
            cell += f", {row.errors} errors"
        cells.append(cell)
    return f"| {name} | " + " | ".join(cells) + " | ≥ 3× req/s, p99 ≤ ⅓× |", ratios


def _sign_in_row(measures: Measures, peer: str) -> Row:
    cells, ratios = [], []
    name = "sign-in p50 at 1 connection ÷ bare verify"
    for label, samples in measures.sign_in.items():
        sign_in = statistics.median(samples) * 1000
        bare = statistics.median(measures.bare[label]) * 1000
        cells.append(f"**{sign_in / bare:.2f}** ({sign_in:.0f} ms vs {bare:.0f} ms)")
        if label != peer:
            ratios.append(Ratio(f"{label}: {name}", sign_in / bare, 1.1, "≤"))
    return f"| {name} | " + " | ".join(cells) + " | ≤ 1.1 |", ratios


def _flood_row(measures: Measures, peer: str) -> Row:
    cells, ratios = [], []
    name = "profile-read p99 during a sign-in flood ÷ alone"
    for label, results in measures.flood.items():
        during = _median(results).p99_ms
        alone = _median(measures.profile[label]).p99_ms
        cells.append(f"**{during / alone:.1f}×** ({during:.0f} ms vs {alone:.0f} ms)")
        if label != peer:
            ratios.append(Ratio(f"{label}: {name}", during / alone, 2.0, "≤"))
    return f"| {name} | " + " | ".join(cells) + " | ≤ 2× |", ratios


def report(
    targets: list[Target], measures: Measures, args: argparse.Namespace
) -> tuple[str, list[Ratio]]:
    """The Markdown table, and AIMS's ratios against their goals (the peer's are context)."""
    peer = targets[0].label
    head = " | ".join(target.label for target in targets)
    rows = [
        _read_row("`GET …/me`", measures.me, peer),
        _read_row("profile read", measures.profile, peer),
        _sign_in_row(measures, peer),
        _flood_row(measures, peer),
    ]
    lines = [
        f"Each server alone on core 0; PostgreSQL {_pg_note()}, Redis and wrk on core 1; "
        f"wrk with {args.connections} keep-alive connections for {args.seconds} s per row; "
        f"medians of {args.rounds} interleaved rounds; {args.logins} sequential sign-ins per "
        f"round at one connection; the flood is {FLOOD_CONNECTIONS} connections signing in. "
        "Cells: requests/s (p99 ms).",
        "",
        f"| | {head} | goal |",
        "|---|" + "---|" * len(targets) + "---|",
        *(line for line, _ in rows),
    ]
    return "\n".join(lines), [ratio for _, ratios in rows for ratio in ratios]


def _pg_note() -> str:
    return "(embedded pgserver)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "aims-bench")
    output_option(parser)
    args = parser.parse_args()
    if not cores_available():
        sys.exit("bench/hotpaths.py needs two cores (servers on one, load on the other)")
    args.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work) as scratch, ExitStack() as stack:
        work = Path(scratch)
        server_url, redis_url = stack.enter_context(backing_services(work))
        aims_db = create_database(server_url, prefix="aims_http")
        migrations.upgrade(aims_db)
        peer_db = _asyncpg_url(create_database(server_url, prefix="peer_http"))
        targets = [
            peer_target(args.work, peer_db),
            aims_target("AIMS, in-process stores", work, aims_db, None),
            aims_target("AIMS, Redis", work, aims_db, redis_url),
        ]
        for target in targets:
            target.server.start("/docs" if target.label == "FastAPI Users" else "/health")
            stack.callback(target.server.stop)
        with httpx.Client(timeout=30) as client:
            for target in targets:
                sign_up(target, client)
        measures = Measures()
        for _ in range(args.rounds):
            _round(targets, measures, args)
    table, ratios = report(targets, measures, args)
    print(table)
    path = write_results("http", "Hot paths over real HTTP", table, args.out, ratios)
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
