"""Accounts as `/me` shows them, kept in this process's memory while the change feed is live.

A trigger on `auth.users` and `auth.mfa` notifies `auth_account_changed` with the user id in
every transaction that changes an account or its second factor; each process drops that
user's view when it hears of it. While the feed is down nothing is cached (every read goes
to the database), and when it comes back the cache starts empty, since changes made in
between were not heard.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from uuid import UUID

from aims.auth.public import UserView
from aims.kernel.notify import Feed

CHANNEL = "auth_account_changed"
"""The channel the account triggers notify (see the auth migrations)."""

MAX_ACCOUNTS = 10_000
"""Views kept at most; the least recently read go first."""


class AccountViews:
    """Per-process cache of account views, invalidated by the database's change feed."""

    def __init__(self) -> None:
        self._views: OrderedDict[UUID, UserView] = OrderedDict()
        self._live = False
        self._changes = 0  # counts every change heard, so a load that raced one is not kept

    @property
    def feed(self) -> Feed:
        """The subscription that keeps the cache honest (see `kernel.notify`)."""
        return Feed(CHANNEL, self._forget, self._start_live, self._stop)

    async def get(self, user_id: UUID, load: Callable[[], Awaitable[UserView]]) -> UserView:
        """The view of `user_id`, from memory or by `load` (then remembered while live)."""
        cached = self._views.get(user_id)
        if cached is not None:
            self._views.move_to_end(user_id)
            return cached
        changes_before = self._changes
        view = await load()
        if self._live and self._changes == changes_before:  # nothing changed while loading
            self._views[user_id] = view
            if len(self._views) > MAX_ACCOUNTS:
                self._views.popitem(last=False)
        return view

    def _forget(self, payload: str) -> None:
        self._changes += 1
        try:
            self._views.pop(UUID(payload), None)
        except ValueError:
            self._views.clear()

    async def _start_live(self) -> None:
        self._changes += 1
        self._views.clear()
        self._live = True

    def _stop(self) -> None:
        self._changes += 1
        self._live = False
        self._views.clear()
