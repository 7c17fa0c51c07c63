"""Load test: a mixed workload at rising concurrency on 2 apps + 2 workers, then a read-back.

    .venv/bin/python bench/load/run.py --minutes 3

Starts PostgreSQL and Redis (embedded; or --database-url of a migrated database and
--redis-url), 2 × `aims run --no-worker` and 2 × `aims worker` sharing them, seeds the
accounts in SQL, then runs Locust (bench/load/swarm.py, in its own process) on loopback
only: members sign in, read and write their profile and refresh their tokens; an
administrator lists documents and uploads a one-page PDF. Concurrency doubles from 2 users
up to --max-users, the steps sharing --minutes; it stops after the first step with an
error. Afterwards every acknowledged profile write and upload is read back through the
API. Writes docs/benchmarks/load.md (or --output/load.md) with the machine and the load
average; exits 1 if an acknowledged write was lost or the first step already had errors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import seed
from bench.common import RESULTS, load_average, write_results
from bench.load.readback import Check, read_back
from bench.load.stack import aims_processes, backing_services

from aims.kernel.settings import load_settings
from tests.integration.admin.documents.conftest import text_pdf
from tests.support.accounts import PASSWORD

SWARM = Path(__file__).with_name("swarm.py")


def steps(max_users: int) -> list[int]:
    """2, 4, 8, … up to `max_users` (which is always the last step)."""
    found = [2]
    while found[-1] * 2 <= max_users:
        found.append(found[-1] * 2)
    if found[-1] != max_users:
        found.append(max_users)
    return [users for users in found if users <= max_users] or [max_users]


def plan(args: argparse.Namespace, hosts: list[str], database_url: str, work: Path) -> Path:
    """Seed the accounts and write the swarm's plan."""
    phc = seed.password_hash(PASSWORD, load_settings())
    run = uuid.uuid4().hex[:8]
    members = seed.users(database_url, f"load-{run}", args.max_users, phc)
    admin = seed.users(database_url, f"load-admin-{run}", 1, phc, role="admin")[0]
    upload = work / "upload.pdf"
    upload.write_bytes(text_pdf(pages=1))
    chosen = steps(args.max_users)
    path = work / "plan.json"
    content = {
        "hosts": hosts,
        "members": members,
        "admin": admin,
        "password": PASSWORD,
        "steps": chosen,
        "step_seconds": args.minutes * 60 / len(chosen),
        "max_requests": args.max_requests,
        "upload": str(upload),
    }
    path.write_text(json.dumps(content))
    return path


def swarm(plan_path: Path, seconds: float) -> dict[str, Any]:
    """Run the Locust process and return its result."""
    result = plan_path.with_name("result.json")
    command = [sys.executable, str(SWARM), str(plan_path), str(result)]
    subprocess.run(command, check=True, timeout=seconds + 300, stdout=subprocess.DEVNULL)
    outcome: dict[str, Any] = json.loads(result.read_text())
    return outcome


def sign_in(host: str, email: str) -> str:
    """An access token of `email`."""
    answer = httpx.post(
        f"{host}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=60
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def held(measured: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The step with the highest rate among those without a single error."""
    clean = [step for step in measured if step["failures"] == 0]
    return max(clean, key=lambda step: step["per_second"], default=None)


def report(measured: list[dict[str, Any]], check: Check, loads: tuple[str, str]) -> str:
    best = held(measured)
    headline = (
        f"**Highest rate held with 0 errors: {best['per_second']:.1f} requests/s** "
        f"({best['users']} users, p99 {best['p99_ms']:.0f} ms)."
        if best
        else "**No step ran without errors.**"
    )
    lines = [
        "2 × `aims run --no-worker` + 2 × `aims worker` (one analysis process each) on one "
        "PostgreSQL (embedded) and one Redis, all on this machine, not pinned; Locust "
        "(FastHttpUser, 0.2–1 s between tasks) on loopback, users spread over both apps. "
        "Members (4 of 5 users): profile read 5, profile write 2, token refresh 1, sign-in 1; "
        "administrators: document list 4, upload of a one-page PDF 1. Argon2 and every "
        "other setting at their defaults unless the environment set them. "
        f"Load average before: {loads[0]}; after: {loads[1]}.",
        "",
        headline,
        "",
        "| users | seconds | requests | requests/s | p50 ms | p99 ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for step in measured:
        lines.append(
            f"| {step['users']} | {step['seconds']:.0f} | {step['requests']} "
            f"| {step['per_second']:.1f} | {step['p50_ms']:.0f} | {step['p99_ms']:.0f} "
            f"| {step['failures']} |"
        )
    errors = [error for step in measured for error in step["errors"]]
    lines += ["", *(f"- error: {error}" for error in errors)] if errors else []
    lost = check.profiles_lost + check.uploads_lost
    lines += [
        "",
        "Acknowledged writes read back through the API afterwards:",
        "",
        "| write | acknowledged and checked | lost |",
        "|---|---:|---:|",
        f"| profile (last acknowledged value per account) | {check.profiles} "
        f"| {check.profiles_lost} |",
        f"| document upload (same sha256) | {check.uploads} | {check.uploads_lost} |",
        "",
        f"**Checked {check.profiles + check.uploads}, lost {lost}.** "
        f"Uploads processed by the workers by the end: {check.processed} of {check.uploads}.",
        *(f"- lost: {detail}" for detail in check.lost_details),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--max-users", type=int, default=64)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--drain-seconds", type=float, default=60.0)
    parser.add_argument("--database-url", help="a migrated database (default: embedded)")
    parser.add_argument("--redis-url")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    before = load_average()
    with (
        backing_services(args.database_url, args.redis_url) as servers,
        aims_processes(servers, app_count=2, worker_count=2) as apps,
        tempfile.TemporaryDirectory() as scratch,
    ):
        hosts = [app.url for app in apps]
        plan_path = plan(args, hosts, servers.database_url, Path(scratch))
        outcome = swarm(plan_path, args.minutes * 60)
        admin = json.loads(plan_path.read_text())["admin"]
        check = read_back(
            hosts,
            sign_in(hosts[0], admin),
            servers.database_url,
            outcome["ledger"],
            args.drain_seconds,
        )
    text = report(outcome["steps"], check, (before, load_average()))
    print(text)
    print(f"\nwritten to {write_results('load', 'Load test', text, args.output)}")
    failed = check.profiles_lost + check.uploads_lost or outcome["steps"][0]["failures"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
