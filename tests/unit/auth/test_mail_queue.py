"""Mail goes out in the background: written to the development outbox, failures only logged."""

import email
import logging
import socketserver
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import ClassVar

import pytest

from aims.kernel.mail import Background, FileMailer, MailQueue, SmtpMailer


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


class RecordingSmtp(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept one message (no TLS, no auth)."""

    received: ClassVar[list[bytes]] = []

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.wfile.write(b"250 test\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                self.received.append(self._body())
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")

    def _body(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) != b".\r\n":
            lines.append(line)
        return b"".join(lines)


async def test_smtp_delivers_through_the_configured_server() -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), RecordingSmtp) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        background = Background()
        queue = MailQueue(
            SmtpMailer(f"smtp://127.0.0.1:{port}"), "AIMS <a@example.com>", background
        )
        queue.send_later("someone@example.com", "Over SMTP", "hello over smtp")
        await background.drain()
        server.shutdown()
    assert b"Subject: Over SMTP" in RecordingSmtp.received[-1]
    assert b"hello over smtp" in RecordingSmtp.received[-1]
