"""Password rules after NIST SP 800-63B: length, common passwords, closeness to the e-mail."""

from __future__ import annotations

from difflib import SequenceMatcher
from enum import StrEnum
from functools import cache
from importlib.resources import files

import msgspec

from aims.auth.domain import email_local_part, normalize_password
from aims.auth.limits import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH


class PasswordViolationCode(StrEnum):
    """Stable code of a broken rule, for field errors and translations."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    SIMILAR_TO_EMAIL = "similar_to_email"


class PasswordViolation(msgspec.Struct, frozen=True, kw_only=True):
    """One broken rule: a stable code and an English message."""

    code: PasswordViolationCode
    message: str


@cache
def common_passwords() -> frozenset[str]:
    """The bundled common passwords, normalised and lower-cased (read once)."""
    text = files("aims.auth").joinpath("data", "common-passwords.txt").read_text("utf-8")
    return frozenset(_comparable(line) for line in text.splitlines() if line)


class PasswordPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Which passwords a user may choose; no composition rules, by design."""

    min_length: int = PASSWORD_MIN_LENGTH
    max_length: int = PASSWORD_MAX_LENGTH
    min_local_part_length: int = 3
    similarity_threshold: float = 0.8  # difflib ratio at or above which a password is refused

    def violations(self, password: str, email: str | None = None) -> list[PasswordViolation]:
        """Every rule ``password`` breaks for the account ``email``; empty when acceptable.

        The length rule counts the characters as typed and comes first: a password of the
        wrong length is refused for that alone, before any work that grows with its length.
        """
        found = self._length_violations(len(password))
        if found:
            return found
        comparable = _comparable(password)
        if comparable in common_passwords():
            found.append(
                _violation(PasswordViolationCode.COMMON, "This password is too common to be safe.")
            )
        if email is not None and self._is_close_to_email(comparable, _comparable(email)):
            found.append(
                _violation(
                    PasswordViolationCode.SIMILAR_TO_EMAIL,
                    "This password is too similar to your e-mail address.",
                )
            )
        return found

    def _length_violations(self, length: int) -> list[PasswordViolation]:
        if length < self.min_length:
            return [
                _violation(
                    PasswordViolationCode.TOO_SHORT, f"Use at least {self.min_length} characters."
                )
            ]
        if length > self.max_length:
            return [
                _violation(
                    PasswordViolationCode.TOO_LONG, f"Use at most {self.max_length} characters."
                )
            ]
        return []

    def _is_close_to_email(self, password: str, email: str) -> bool:
        local_part = email_local_part(email)
        shorter = min(len(password), len(local_part))
        if shorter >= self.min_local_part_length and (
            local_part in password or password in local_part
        ):
            return True
        return any(
            SequenceMatcher(None, password, target).ratio() >= self.similarity_threshold
            for target in (email, local_part)
            if target
        )


def _comparable(text: str) -> str:
    return normalize_password(text).lower()


def _violation(code: PasswordViolationCode, message: str) -> PasswordViolation:
    return PasswordViolation(code=code, message=message)
