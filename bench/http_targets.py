"""The servers the HTTP bench compares, how to sign up and sign in on each, and the bare
password verification each sign-in is measured against.

AIMS runs as `aims run` (with in-process stores, or with Redis); the peer is FastAPI Users 15 in
its documented standard set-up (bench/peers/fastapi_users), installed into its own virtual
environment under the bench's work directory.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loadgen import SERVER_CORE, Server, peer_venv

from aims.kernel.settings import Settings
from tests.support.accounts import PASSWORD
from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
PEER_DIR = ROOT / "bench" / "peers" / "fastapi_users"


@dataclass
class Target:
    """One server under test and how to speak to it."""

    label: str
    server: Server
    me_path: str
    profile_path: str
    login_path: str
    login_body: str = ""
    login_type: str = "application/json"
    token: str = ""
    bare_verify: list[str] = field(default_factory=list)

    def login(self, client: httpx.Client) -> httpx.Response:
        return client.post(
            self.server.url + self.login_path,
            content=self.login_body,
            headers={"Content-Type": self.login_type},
        )


def aims_target(label: str, work: Path, database_url: str, redis_url: str | None) -> Target:
    env = {"AIMS_DATABASE_URL": database_url, "AIMS_DATA_DIR": str(work / label)}
    env["AIMS_REDIS_URL"] = redis_url or ""
    port = free_port()
    command = [str(Path(sys.executable).parent / "aims"), "run", "--port", str(port)]
    server = Server(label, command, port, env, work / f"{label}.log")
    settings = Settings()
    bare = [
        sys.executable,
        "-c",
        _BARE_ARGON2.format(
            t=settings.argon2_time_cost, m=settings.argon2_memory_kib, p=settings.argon2_parallelism
        ),
    ]
    return Target(
        label,
        server,
        "/api/v1/auth/me",
        "/api/v1/profiles/me",
        "/api/v1/auth/login",
        bare_verify=bare,
    )


_BARE_ARGON2 = """
import argon2, json, sys, time
hasher = argon2.PasswordHasher(time_cost={t}, memory_cost={m}, parallelism={p})
phc = hasher.hash(sys.argv[1])
samples = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter(); hasher.verify(phc, sys.argv[1])
    samples.append(time.perf_counter() - started)
print(json.dumps(samples))
"""

_BARE_PEER = """
import json, sys, time
from fastapi_users.password import PasswordHelper
helper = PasswordHelper()
phc = helper.hash(sys.argv[1])
samples = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter(); helper.verify_and_update(sys.argv[1], phc)
    samples.append(time.perf_counter() - started)
print(json.dumps(samples))
"""


def peer_target(work: Path, database_url: str) -> Target:
    venv = peer_venv(work, PEER_DIR / "requirements.txt")
    port = free_port()
    command = [str(venv / "bin" / "uvicorn"), "app:app", "--port", str(port)]
    env = {"PEER_DATABASE_URL": database_url, "PEER_SECRET": secrets.token_urlsafe(32)}
    server = Server("peer", command, port, env, work / "peer.log", cwd=PEER_DIR)
    bare = [str(venv / "bin" / "python"), "-c", _BARE_PEER]
    return Target(
        "FastAPI Users",
        server,
        "/users/me",
        "/profile/me",
        "/auth/jwt/login",
        login_type="application/x-www-form-urlencoded",
        bare_verify=bare,
    )


def sign_up(target: Target, client: httpx.Client) -> None:
    email = f"bench-{secrets.token_hex(4)}@example.com"
    url = target.server.url
    if target.label == "FastAPI Users":
        client.post(url + "/auth/register", json={"email": email, "password": PASSWORD})
        target.login_body = urlencode({"username": email, "password": PASSWORD})
    else:
        client.post(url + "/api/v1/auth/register", json={"email": email, "password": PASSWORD})
        target.login_body = json.dumps({"email": email, "password": PASSWORD})
    answer = target.login(client)
    answer.raise_for_status()
    target.token = answer.json()["access_token"]
    client.get(url + target.profile_path, headers=bearer_header(target)).raise_for_status()


def bearer_header(target: Target) -> dict[str, str]:
    return {"Authorization": f"Bearer {target.token}"}


def bare_verifications(target: Target, count: int) -> list[float]:
    command = ["taskset", "-c", str(SERVER_CORE), *target.bare_verify, PASSWORD, str(count)]
    samples: list[float] = json.loads(
        subprocess.run(command, capture_output=True, text=True, check=True).stdout
    )
    return samples
