"""Reading the development outbox: the .eml files the job worker writes for each message."""

from __future__ import annotations

import email
import email.policy
import time
from email.message import Message
from pathlib import Path

WAIT_SECONDS = 30
"""How long a message may take: deferred, picked up by a worker, written."""


def text_of(message: Message) -> str:
    """Every text part of a message, decoded and joined."""
    texts = []
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            texts.append(payload.decode(part.get_content_charset() or "utf-8"))
    return "\n".join(texts)


def find_mail(directory: Path, to: str, subject: str = "") -> Message | None:
    """The newest message to `to` whose subject contains `subject`, if it arrived."""
    for path in sorted(directory.glob("*.eml"), reverse=True) if directory.exists() else []:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == to and subject in str(message["Subject"]):
            return message
    return None


def wait_for_mail(directory: Path, to: str, subject: str = "") -> Message:
    """The newest matching message, waiting for the worker to send it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (found := find_mail(directory, to, subject)) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {to} about {subject!r}")
        time.sleep(0.05)
    return found
