"""A sign-up's verification mail is queued with the account: an app killed right after the 201
loses nothing; the next worker sends it (here, once the SMTP server is reachable again)."""

import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD, new_email
from tests.support.processes import aims_env, start_aims, stop, wait_for_health
from tests.support.servers import free_port
from tests.support.smtp import recording_smtp

pytestmark = pytest.mark.slow


def test_the_verification_mail_survives_an_app_killed_after_the_201(embedded_dir: Path) -> None:
    smtp_port = free_port()  # nothing listens yet: the mail cannot go out before the crash
    env = aims_env(embedded_dir, AIMS_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}")
    port = free_port()
    app = start_aims("run", "--port", str(port), "--no-worker", env=env)
    address = new_email()
    try:
        wait_for_health(f"http://127.0.0.1:{port}", app)
        signed_up = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/register",
            json={"email": address, "password": PASSWORD, "locale": "en"},
            timeout=30,
        )
        app.send_signal(signal.SIGKILL)
        assert signed_up.status_code == 201, signed_up.text
    finally:
        app.wait(30)
    with recording_smtp(smtp_port) as (_, received):
        worker = start_aims("worker", env=env)
        try:
            deadline = time.monotonic() + 120
            while not any(address.encode() in message for message in received):
                assert time.monotonic() < deadline, "the queued mail was never sent"
                assert worker.poll() is None
                time.sleep(0.2)
        finally:
            assert stop(worker) == 0
    [mail] = [message for message in received if address.encode() in message]
    assert b"Confirm your e-mail address" in mail
    assert b"/verify-email?token=" in mail
