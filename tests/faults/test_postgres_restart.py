"""PostgreSQL stopped under a running `aims run` and started again: while it is down every
request that needs it gets a 503 problem document (never a 500), liveness stays up, and the
same process serves again once it is back — no restart of AIMS."""

import time

import httpx
import pytest

from tests.faults.conftest import OwnPostgres, running_app
from tests.support.accounts import PASSWORD, bearer, new_email

pytestmark = pytest.mark.slow

RECOVERY_SECONDS = 60


def register_and_sign_in(client: httpx.Client) -> str:
    credentials = {"email": new_email(), "password": PASSWORD}
    assert client.post("/api/v1/auth/register", json=credentials).status_code == 201
    signed_in = client.post("/api/v1/auth/login", json=credentials)
    assert signed_in.status_code == 200, signed_in.text
    token: str = signed_in.json()["access_token"]
    return token


def test_a_database_outage_answers_503_problems_and_the_app_recovers_by_itself(
    own_postgres: OwnPostgres,
) -> None:
    with running_app(own_postgres) as (process, client):
        token = register_and_sign_in(client)
        own_postgres.stop()
        try:
            assert client.get("/health").status_code == 200
            ready = client.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["database"]["status"] == "down"
            needing_the_database = [
                client.post(
                    "/api/v1/auth/register", json={"email": new_email(), "password": PASSWORD}
                ),
                client.post(
                    "/api/v1/auth/login", json={"email": new_email(), "password": PASSWORD}
                ),
                client.get("/api/v1/profiles/me", headers=bearer(token)),
                client.patch(
                    "/api/v1/profiles/me", json={"display_name": "x"}, headers=bearer(token)
                ),
            ]
            for answer in needing_the_database:
                assert answer.status_code == 503, answer.text
                assert answer.headers["content-type"].startswith("application/problem+json")
                assert answer.json()["status"] == 503
                assert int(answer.headers["retry-after"]) > 0
        finally:
            own_postgres.start()

        wait_until_ready(client)
        assert client.get("/api/v1/profiles/me", headers=bearer(token)).status_code == 200
        register_and_sign_in(client)
        assert process.poll() is None, "the same process serves again"


def wait_until_ready(client: httpx.Client) -> None:
    for _ in range(RECOVERY_SECONDS * 5):
        if client.get("/ready").status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"not ready {RECOVERY_SECONDS} s after PostgreSQL came back")
