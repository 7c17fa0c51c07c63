"""Admin list endpoints over real HTTP at 10k and 100k rows: does p99 stay flat as rows grow?

    .venv/bin/python bench/lists.py [--small 10000] [--large 100000] [--seconds 10] [--rounds 3]

Two databases, one seeded in SQL with --small rows of each list (accounts, account events,
documents, document audit records), the other with --large; one `aims run --no-worker`
on each, both on core 0, PostgreSQL, Redis and wrk on core 1 (the layout of
bench/hotpaths.py). Per list and round, wrk (8 keep-alive connections) reads the first
page (50 rows) and a page from the middle of the list (its cursor found by walking there)
on the small server, then on the large one; the baseline of each ratio is the small server
in the same round. Reported: the median p99 of the rounds, and large ÷ small (goal ≤ 1.5:
keyset pagination makes a deep page cost what the first does). A list whose route the app
does not have is reported as "endpoint absent". Writes docs/benchmarks/lists.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import seed
from bench.common import Ratio, load_average, output_option, write_results
from bench.hotpaths import backing_services
from bench.loadgen import Server, WrkResult, cores_available, wrk

from aims.kernel import migrations
from aims.kernel.settings import Settings
from tests.support.accounts import PASSWORD
from tests.support.servers import create_database, free_port

AIMS = str(Path(sys.executable).with_name("aims"))
CONNECTIONS = 8
PAGE = 50
WALK_PAGE = 200
GOAL = 1.5


@dataclass(frozen=True)
class ListEndpoint:
    """A keyset-paginated list: its path, and how its pages chain."""

    name: str
    path: str
    cursor_param: str
    next_field: str


ENDPOINTS = (
    ListEndpoint("documents", "/api/v1/admin/documents", "cursor", "next_cursor"),
    ListEndpoint("document audit", "/api/v1/admin/audit", "before", "next_before"),
    ListEndpoint("admin users", "/api/v1/admin/users", "cursor", "next_cursor"),
    ListEndpoint("account audit", "/api/v1/admin/audit/accounts", "before", "next_before"),
)


@dataclass
class Site:
    """One server on a database seeded with `rows` rows per list, and its admin's token."""

    rows: int
    server: Server
    token: str = ""

    def get(self, client: httpx.Client, path: str) -> httpx.Response:
        return client.get(self.server.url + path, headers=self.headers)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def seeded_database(server_url: str, rows: int, phc: str) -> str:
    """A migrated database with an admin and `rows` rows in every list."""
    url = create_database(server_url, prefix=f"aims_lists_{rows}")
    migrations.upgrade(url)
    seed.users(url, "bench-admin", 1, phc, role="admin")
    seed.users(url, "bench", rows - 1, phc)
    seed.account_events(url, rows)
    seed.documents(url, rows)
    seed.analyze(url)
    return url


def start_site(work: Path, rows: int, database_url: str, redis_url: str, stack: ExitStack) -> Site:
    """`aims run --no-worker` on the database (stopped when `stack` closes), started and
    signed in as its admin."""
    env = {
        "AIMS_DATABASE_URL": database_url,
        "AIMS_REDIS_URL": redis_url,
        "AIMS_DATA_DIR": str(work / f"data-{rows}"),
    }
    port = free_port()
    command = [AIMS, "run", "--no-worker", "--port", str(port)]
    site = Site(rows, Server(f"aims-{rows}", command, port, env, work / f"aims-{rows}.log"))
    stack.callback(site.server.stop)
    site.server.start("/health")
    answer = httpx.post(
        site.server.url + "/api/v1/auth/login",
        json={"email": "bench-admin-0@example.com", "password": PASSWORD},
        timeout=30,
    )
    answer.raise_for_status()
    site.token = answer.json()["access_token"]
    return site


def middle_page(site: Site, endpoint: ListEndpoint) -> str | None:
    """The path of the page in the middle of the list (None: the route is absent)."""
    with httpx.Client(timeout=30) as client:
        first = site.get(client, f"{endpoint.path}?limit={PAGE}")
        if first.status_code in (404, 405):
            return None
        first.raise_for_status()
        query: dict[str, object] = {"limit": WALK_PAGE}
        for _ in range(site.rows // 2 // WALK_PAGE):
            page = site.get(client, f"{endpoint.path}?{urlencode(query)}")
            page.raise_for_status()
            query[endpoint.cursor_param] = page.json()[endpoint.next_field]
    query["limit"] = PAGE
    return f"{endpoint.path}?{urlencode(query)}"


Samples = dict[tuple[str, str, int], list[WrkResult]]
"""(list, page, rows) → one wrk result per round."""


def measure(
    sites: list[Site], pages: dict[tuple[str, int], str | None], args: argparse.Namespace
) -> Samples:
    """Every round reads every list's first and middle page, small site then large."""
    samples: Samples = {}
    for _ in range(args.rounds):
        for endpoint in ENDPOINTS:
            for site in sites:
                middle = pages[(endpoint.name, site.rows)]
                if middle is None:
                    continue
                for label, path in (("first", f"{endpoint.path}?limit={PAGE}"), ("middle", middle)):
                    result = wrk(
                        site.server.url + path,
                        seconds=args.seconds,
                        connections=CONNECTIONS,
                        headers=site.headers,
                    )
                    samples.setdefault((endpoint.name, label, site.rows), []).append(result)
    return samples


def _cell(results: list[WrkResult]) -> tuple[float, str]:
    p99 = statistics.median(r.p99_ms for r in results)
    rate = statistics.median(r.per_second for r in results)
    errors = sum(r.errors for r in results)
    return p99, f"{p99:.1f} ({rate:.0f}/s{f', {errors} errors' if errors else ''})"


def report(samples: Samples, args: argparse.Namespace, load: str) -> tuple[str, list[Ratio]]:
    """The Markdown table, and every list's large ÷ small p99 against the goal."""
    small, large = args.small, args.large
    ratios = []
    lines = [
        f"Rows per list: {small:,} and {large:,} (seeded in SQL). `aims run --no-worker` per "
        "database on core 0; PostgreSQL (embedded), Redis and wrk on core 1; wrk "
        f"{CONNECTIONS} keep-alive connections for {args.seconds} s per cell; medians of "
        f"{args.rounds} interleaved rounds; pages of {PAGE} rows; the middle page is reached "
        f"with its keyset cursor. Load average before the run: {load}. "
        "Cells: p99 ms (requests/s).",
        "",
        f"| list | page | {small:,} rows | {large:,} rows | p99 ratio | goal |",
        "|---|---|---:|---:|---:|---|",
    ]
    for endpoint in ENDPOINTS:
        for label in ("first", "middle"):
            key = (endpoint.name, label)
            if (*key, small) not in samples:
                lines.append(f"| {endpoint.name} | {label} | endpoint absent | | | ≤ {GOAL} |")
                continue
            base, base_cell = _cell(samples[(*key, small)])
            grown, grown_cell = _cell(samples[(*key, large)])
            ratio = grown / base
            figure = f"{endpoint.name}, {label} page: p99 at {large:,} ÷ {small:,} rows"
            ratios.append(Ratio(figure, ratio, GOAL, "≤"))
            mark = "" if ratio <= GOAL else " (over)"
            lines.append(
                f"| {endpoint.name} `{endpoint.path}` | {label} | {base_cell} | {grown_cell} "
                f"| **{ratio:.2f}**{mark} | ≤ {GOAL} |"
            )
    return "\n".join(lines), ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    output_option(parser)
    args = parser.parse_args()
    if not cores_available():
        sys.exit("bench/lists.py needs two cores (servers on one, load on the other)")
    load = load_average()
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        work = Path(scratch)
        server_url, redis_url = stack.enter_context(backing_services(work))
        phc = seed.password_hash(PASSWORD, Settings())
        sites = []
        for rows in (args.small, args.large):
            database_url = seeded_database(server_url, rows, phc)
            sites.append(start_site(work, rows, database_url, redis_url, stack))
        pages = {(e.name, s.rows): middle_page(s, e) for e in ENDPOINTS for s in sites}
        samples = measure(sites, pages, args)
    table, ratios = report(samples, args, load)
    print(table)
    path = write_results("lists", "Admin lists at growing row counts", table, args.out, ratios)
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
