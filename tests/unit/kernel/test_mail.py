"""Queued mail: composed in one or several languages, sent by the job task, over SMTP or to
.eml files; what cannot be opened is dropped, not retried forever."""

import email
from email.message import EmailMessage
from pathlib import Path

import msgspec
import procrastinate
import pytest

from aims.kernel.mail import FileMailer, Mail, MailPart, SmtpMailer, compose, mail_jobs
from aims.kernel.sealing import SealedBox
from tests.support.smtp import recording_smtp

SENDER = "AIMS <no-reply@example.com>"
BOX = SealedBox("k" * 40, "mail")
JAPANESE = MailPart(language="ja", text="確認してください: https://aims.example/verify?token=abc")
ENGLISH = MailPart(language="en", text="Please confirm: https://aims.example/verify?token=abc")


def sealed(mail: Mail, box: SealedBox = BOX) -> str:
    return box.seal(msgspec.json.encode(mail))


def send_task(directory: Path) -> procrastinate.tasks.Task:  # type: ignore[type-arg]
    return mail_jobs(FileMailer(directory), SENDER, BOX).tasks["send"]


def list_mail(directory: Path) -> list[Path]:
    return list(directory.glob("*.eml"))


def test_one_language_is_one_text_part() -> None:
    message = compose(Mail(to="a@example.com", subject="確認", parts=(JAPANESE,)), SENDER)
    assert message.get_content_type() == "text/plain"
    assert message["Content-Language"] == "ja"
    assert "確認してください" in message.get_content()


def test_several_languages_are_inline_parts_of_one_mail() -> None:
    mail = Mail(to="a@example.com", subject="確認 / Confirm", parts=(JAPANESE, ENGLISH))
    message = compose(mail, SENDER)
    assert message.get_content_type() == "multipart/mixed"
    parts = list(message.iter_parts())
    assert message["Content-Language"] == "ja, en"
    assert [p["Content-Language"] for p in parts] == ["ja", "en"]
    assert all(p.get_content_disposition() == "inline" for p in parts)


async def test_the_send_task_writes_the_mail(tmp_path: Path) -> None:
    mail = Mail(to="someone@example.com", subject="Hello", parts=(ENGLISH,))
    await send_task(tmp_path)(sealed=sealed(mail))
    [path] = list_mail(tmp_path)
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == "someone@example.com"
    assert message["From"] == SENDER


async def test_mail_sealed_with_another_key_is_dropped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mail = Mail(to="someone@example.com", subject="Hello", parts=(ENGLISH,))
    await send_task(tmp_path)(sealed=sealed(mail, SealedBox("z" * 40, "mail")))
    assert list_mail(tmp_path) == []
    assert "sealed with another secret key" in caplog.text


def test_the_queued_job_carries_no_readable_address_or_token() -> None:
    mail = Mail(to="someone@example.com", subject="Hello", parts=(ENGLISH,))
    stored = sealed(mail)
    assert "someone@example.com" not in stored
    assert "token=abc" not in stored


async def test_smtp_delivers_through_the_configured_server() -> None:
    with recording_smtp() as (port, received):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = SENDER, "b@example.com", "Over SMTP"
        message.set_content("hello over smtp")
        await SmtpMailer(f"smtp://127.0.0.1:{port}").send(message)
    assert b"Subject: Over SMTP" in received[-1]
    assert b"hello over smtp" in received[-1]
