"""The messages auth sends; each goes out after the response (see `kernel.mail.MailQueue`)."""

from __future__ import annotations

from urllib.parse import quote

from aims.auth.services.base import AuthDeps


def _link(deps: AuthDeps, path: str, token: str) -> str:
    return f"{deps.settings.public_url.rstrip('/')}{path}?token={quote(token)}"


def verify_email(deps: AuthDeps, email: str, token: str) -> None:
    """Ask a new user to confirm the address."""
    deps.mail.send_later(
        email,
        "Confirm your e-mail address",
        "Welcome to AIMS.\n\nConfirm your address within 24 hours:\n"
        f"{_link(deps, '/verify-email', token)}\n\nVerification token: {token}\n",
    )


def account_exists(deps: AuthDeps, email: str) -> None:
    """Tell the owner of an address that someone tried to register it again."""
    deps.mail.send_later(
        email,
        "You already have an AIMS account",
        "Someone (perhaps you) tried to register this address again.\n"
        "Sign in, or reset your password at "
        f"{deps.settings.public_url.rstrip('/')}/forgot-password.\n",
    )


def reset_password(deps: AuthDeps, email: str, token: str) -> None:
    """Send a single-use password reset link."""
    deps.mail.send_later(
        email,
        "Reset your AIMS password",
        "Use this link within one hour to choose a new password:\n"
        f"{_link(deps, '/reset-password', token)}\n\nReset token: {token}\n"
        "If you did not ask for this, ignore this message.\n",
    )
