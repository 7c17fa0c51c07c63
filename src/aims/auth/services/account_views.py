"""Accounts as `/me` shows them, kept in each process while the change feed is live.

A trigger on `auth.users` and `auth.mfa` notifies `auth_account_changed` with the user id in
every transaction that changes an account or its second factor (see `kernel.notified_cache`).
"""

from __future__ import annotations

from uuid import UUID

from aims.auth.public import UserView
from aims.kernel.notified_cache import NotifiedCache

CHANNEL = "auth_account_changed"
"""The channel the account triggers notify (see the auth migrations)."""

MAX_ACCOUNTS = 10_000
"""Views kept at most; the least recently read go first."""

AccountViews = NotifiedCache[UUID, UserView]


def account_views() -> AccountViews:
    """An empty cache of account views, to subscribe to the runtime's listener."""
    return NotifiedCache(CHANNEL, UUID, MAX_ACCOUNTS)
