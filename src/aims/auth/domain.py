"""Pure auth rules: roles, account states, e-mail and password normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

MAX_EMAIL_LENGTH = 254
MAX_EMAIL_LOCAL_PART_LENGTH = 64

_LOCAL_ATOM = r"[^\s@\"(),:;<>\[\]\\.]+"
_DOMAIN_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_EMAIL_SHAPE = re.compile(
    rf"(?P<local>{_LOCAL_ATOM}(?:\.{_LOCAL_ATOM})*)@(?P<domain>{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})+)"
)


class Role(StrEnum):
    """A role, declared from lowest to highest; each includes every lower one."""

    USER = "user"
    ADMIN = "admin"
    SUPER_ADMIN = "super_admin"

    @property
    def rank(self) -> int:
        """Position in the hierarchy, 0 for the lowest role."""
        return list(Role).index(self)

    def is_at_least(self, required: Role) -> bool:
        """Whether this role grants everything ``required`` grants."""
        return self.rank >= required.rank

    @classmethod
    def highest(cls, roles: Iterable[Role]) -> Role:
        """The highest of ``roles``; ``user`` when there are none."""
        return max(roles, key=lambda role: role.rank, default=cls.USER)


class AccountState(StrEnum):
    """Whether an account may sign in at all (a temporary lock is separate)."""

    ACTIVE = "active"
    DISABLED = "disabled"


class InvalidEmailError(ValueError):
    """Raised when a string is not a usable e-mail address."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalize_email(raw: str) -> str:
    """Strip, NFKC-normalise and lower-case an address, then check its shape."""
    email = unicodedata.normalize("NFKC", raw.strip()).lower()
    if len(email) > MAX_EMAIL_LENGTH:
        raise InvalidEmailError(f"an e-mail address has at most {MAX_EMAIL_LENGTH} characters")
    shape = _EMAIL_SHAPE.fullmatch(email)
    if shape is None:
        raise InvalidEmailError("not an e-mail address")
    if len(shape["local"]) > MAX_EMAIL_LOCAL_PART_LENGTH:
        raise InvalidEmailError("the part before @ is too long")
    return email


def email_local_part(email: str) -> str:
    """The part of a normalised address before the last ``@``."""
    return email.rpartition("@")[0]


def normalize_password(password: str) -> str:
    """NFKC form of a password, so full-width and half-width input match (NIST 800-63B)."""
    return unicodedata.normalize("NFKC", password)


class ChangeRefusal(StrEnum):
    """Why an administrator may not change an account's role or state."""

    OWN_ROLE = "own_role"
    OWN_ACCOUNT_DISABLED = "own_account_disabled"
    HIGHER_ROLE = "higher_role"
    LAST_SUPER_ADMIN = "last_super_admin"


def refused_change(
    *,
    actor_role: Role,
    own_account: bool,
    target_role: Role,
    target_active: bool,
    new_role: Role | None,
    disable: bool | None,
    other_super_admins: int,
) -> ChangeRefusal | None:
    """Why the change must not happen, or None: nobody demotes or disables themselves, touches
    an account above their own role, or leaves the system without an active super_admin."""
    changes_role = new_role is not None and new_role != target_role
    if own_account and changes_role:
        return ChangeRefusal.OWN_ROLE
    if own_account and disable:
        return ChangeRefusal.OWN_ACCOUNT_DISABLED
    if not actor_role.is_at_least(target_role):
        return ChangeRefusal.HIGHER_ROLE
    leaves_super_admin = changes_role and target_role == Role.SUPER_ADMIN
    if target_role == Role.SUPER_ADMIN and target_active and (leaves_super_admin or disable):
        return ChangeRefusal.LAST_SUPER_ADMIN if other_super_admins == 0 else None
    return None
