"""Mail goes out in the background: written to the development outbox, failures only logged."""

import email
import logging
from email.message import EmailMessage
from pathlib import Path

import pytest

from aims.kernel.mail import Background, FileMailer, MailQueue


class BrokenMailer:
    async def send(self, message: EmailMessage) -> None:
        raise ConnectionRefusedError("smtp is down")


async def test_a_message_becomes_an_eml_file(tmp_path: Path) -> None:
    background = Background()
    queue = MailQueue(FileMailer(tmp_path / "mail"), "AIMS <no-reply@example.com>", background)
    queue.send_later("someone@example.com", "Hello", "Body with token: abc")
    await background.drain()
    [path] = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == "someone@example.com"
    assert message["From"] == "AIMS <no-reply@example.com>"


async def test_a_failed_delivery_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    background = Background()
    queue = MailQueue(BrokenMailer(), "AIMS <no-reply@example.com>", background)
    with caplog.at_level(logging.ERROR):
        queue.send_later("someone@example.com", "Hello", "secret body")
        await background.drain()
    assert "background task failed" in caplog.text
    assert "secret body" not in caplog.text
