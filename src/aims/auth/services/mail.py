"""The messages auth sends, in the reader's language; each is queued in the caller's
transaction and sent by the job worker (see `kernel.mail.MailQueue`)."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.services.base import AuthDeps
from aims.auth.services.mail_texts import (
    TEXTS,
    UNKNOWN_LANGUAGE_ORDER,
    MailKind,
    SecurityNotice,
)
from aims.kernel.mail import Mail, MailPart


def languages_for(locale: str | None) -> tuple[str, ...]:
    """The reader's language (`ja-JP` → `ja`), or every language when it is unknown."""
    primary = (locale or "").replace("_", "-").split("-")[0].lower()
    return (primary,) if primary in TEXTS else UNKNOWN_LANGUAGE_ORDER


def compose(kind: MailKind, to: str, locale: str | None, **values: str) -> Mail:
    """The message `kind` to `to` in the language of `locale` (in both when it is unknown)."""
    languages = languages_for(locale)
    texts = [TEXTS[language][kind] for language in languages]
    return Mail(
        to=to,
        subject=" / ".join(text.subject for text in texts),
        parts=tuple(
            MailPart(language=language, text=text.body.format(**values))
            for language, text in zip(languages, texts, strict=True)
        ),
    )


def _link(deps: AuthDeps, path: str, token: str = "") -> str:
    base = f"{deps.settings.public_url.rstrip('/')}{path}"
    return f"{base}?token={quote(token)}" if token else base


async def verify_email(
    db: AsyncSession, deps: AuthDeps, email: str, token: str, locale: str | None
) -> None:
    """Ask a new user to confirm the address."""
    link = _link(deps, "/verify-email", token)
    await deps.mail.send_later(db, compose("verify_email", email, locale, link=link, token=token))


async def account_exists(db: AsyncSession, deps: AuthDeps, email: str, locale: str | None) -> None:
    """Tell the owner of an address that someone tried to register it again."""
    forgot_link = _link(deps, "/forgot-password")
    await deps.mail.send_later(
        db, compose("account_exists", email, locale, forgot_link=forgot_link)
    )


async def reset_password(
    db: AsyncSession, deps: AuthDeps, email: str, token: str, locale: str | None
) -> None:
    """Send a single-use password reset link."""
    link = _link(deps, "/reset-password", token)
    await deps.mail.send_later(db, compose("reset_password", email, locale, link=link, token=token))


async def security_notice(
    db: AsyncSession, deps: AuthDeps, kind: SecurityNotice, email: str, locale: str | None
) -> None:
    """Tell the owner that a credential of the account changed, with the way back if it was
    not them."""
    forgot_link = _link(deps, "/forgot-password")
    await deps.mail.send_later(db, compose(kind, email, locale, forgot_link=forgot_link))
