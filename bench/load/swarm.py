"""The load itself: Locust (as a library) runs a mixed workload at rising concurrency.

    python -m bench.load.swarm PLAN.json RESULT.json

Run by bench/load/run.py in a process of its own, because Locust patches the standard
library for gevent on import. The plan names the app URLs, the accounts, the steps and
their length; the result holds each step's figures and the ledger of acknowledged writes
(every profile write and upload the server answered with success), which run.py reads
back afterwards. Bounded: the steps' users and seconds, a total request cap, and a 30 s
timeout on every request.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, between, task
from locust.env import Environment

BOUNDARY = "aims-load-boundary"


@dataclass
class Plan:
    """What run.py asks for."""

    hosts: list[str]
    members: list[str]
    admin: str
    password: str
    steps: list[int]
    step_seconds: float
    max_requests: int
    upload: str
    """Path of the PDF every upload sends."""


@dataclass
class Ledger:
    """Every write the servers acknowledged, and the values tried after the last one."""

    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: list[dict[str, str]] = field(default_factory=list)

    def attempt(self, email: str, value: str) -> None:
        entry = self.profiles.setdefault(email, {"acked": None, "pending": []})
        entry["pending"].append(value)

    def acknowledge(self, email: str, value: str) -> None:
        self.profiles[email] = {"acked": value, "pending": []}


PLAN: Plan
LEDGER = Ledger()
HOSTS = itertools.count()
MEMBERS = itertools.count()


def multipart(pdf: bytes) -> bytes:
    """The upload form: the file, allow_duplicate and the language."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="allow_duplicate"\r\n\r\ntrue\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="languages"\r\n\r\neng\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="load.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n",
    ]
    return "".join(parts).encode() + pdf + f"\r\n--{BOUNDARY}--\r\n".encode()


class Signed(FastHttpUser):
    """A user of one of the apps (taken in turn), signed in at start."""

    abstract = True
    network_timeout = 30.0
    connection_timeout = 30.0
    wait_time = between(0.2, 1.0)
    email = ""
    tokens: dict[str, str] = {"access_token": "", "refresh_token": "none"}  # noqa: RUF012
    """Until a sign-in succeeds, requests fail with 401 (and count as failures)."""

    def __init__(self, environment: Environment) -> None:
        self.host = PLAN.hosts[next(HOSTS) % len(PLAN.hosts)]
        super().__init__(environment)

    def on_start(self) -> None:
        self.sign_in()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def sign_in(self) -> None:
        body = {"email": self.email, "password": PLAN.password}
        with self.client.post(
            "/api/v1/auth/login", json=body, name="sign in", catch_response=True
        ) as answer:
            if answer.status_code == 200:
                self.tokens = answer.json()


class Member(Signed):
    """An account holder: reads and writes the profile, refreshes, signs in again."""

    weight = 4

    def on_start(self) -> None:
        self.email = PLAN.members[next(MEMBERS) % len(PLAN.members)]
        self.writes = itertools.count()
        super().on_start()

    @task(5)
    def read_profile(self) -> None:
        self.client.get("/api/v1/profiles/me", headers=self.auth, name="profile read")

    @task(2)
    def write_profile(self) -> None:
        value = f"{self.email.split('@')[0]} #{next(self.writes)}"
        LEDGER.attempt(self.email, value)
        with self.client.patch(
            "/api/v1/profiles/me",
            json={"display_name": value},
            headers=self.auth,
            name="profile write",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200 and answer.json().get("display_name") == value:
                LEDGER.acknowledge(self.email, value)
            elif answer.status_code == 200:
                answer.failure("the answer does not show the written value")

    @task(1)
    def refresh(self) -> None:
        body = {"refresh_token": self.tokens["refresh_token"]}
        with self.client.post(
            "/api/v1/auth/refresh", json=body, name="token refresh", catch_response=True
        ) as answer:
            if answer.status_code == 200:
                self.tokens = answer.json()

    @task(1)
    def sign_in_again(self) -> None:
        self.sign_in()


class Administrator(Signed):
    """An administrator: lists documents and uploads one now and then."""

    weight = 1

    def on_start(self) -> None:
        self.email = PLAN.admin
        pdf = Path(PLAN.upload).read_bytes()
        self.form = multipart(pdf)
        self.sha256 = hashlib.sha256(pdf).hexdigest()
        super().on_start()

    @task(4)
    def list_documents(self) -> None:
        self.client.get("/api/v1/admin/documents?limit=50", headers=self.auth, name="admin list")

    @task(1)
    def upload(self) -> None:
        headers = {**self.auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
        with self.client.post(
            "/api/v1/admin/documents",
            data=self.form,  # type: ignore[arg-type]  # bytes go out as they are
            headers=headers,
            name="document upload",
            catch_response=True,
        ) as answer:
            if answer.status_code == 202:
                LEDGER.uploads.append({"id": answer.json()["id"], "sha256": self.sha256})


def step(environment: Environment, users: int) -> dict[str, Any]:
    """Grow to `users`, then hold for the step's seconds and return what it measured."""
    runner = environment.runner
    assert runner is not None
    runner.start(users, spawn_rate=max(2, users / 2))
    while runner.user_count < users:
        gevent.sleep(0.2)
    environment.stats.reset_all()
    started = time.monotonic()
    while time.monotonic() - started < PLAN.step_seconds:
        gevent.sleep(0.5)
        if environment.stats.total.num_requests >= PLAN.max_requests:
            break
    total = environment.stats.total
    elapsed = time.monotonic() - started
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "per_second": total.num_requests / elapsed,
        "p50_ms": total.get_response_time_percentile(0.5) or 0,
        "p99_ms": total.get_response_time_percentile(0.99) or 0,
        "errors": [
            f"{e.method} {e.name}: {e.error} ×{e.occurrences}"
            for e in environment.stats.errors.values()
        ],
        "by_request": {
            name: entry.num_requests for (name, _), entry in environment.stats.entries.items()
        },
    }


def main() -> None:
    global PLAN
    PLAN = Plan(**json.loads(Path(sys.argv[1]).read_text()))
    environment = Environment(user_classes=[Member, Administrator])
    runner = environment.create_local_runner()
    steps = []
    for users in PLAN.steps:
        steps.append(step(environment, users))
        if steps[-1]["failures"]:
            break
    runner.quit()
    result = {"steps": steps, "ledger": asdict(LEDGER)}
    Path(sys.argv[2]).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
