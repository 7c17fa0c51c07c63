"""Which browser and system a session signed in from, read from its User-Agent."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import lru_cache

import ua_parser

MAX_PARSED_LENGTH = 512  # longer strings are cut before parsing (sessions keep 400 anyway)
MAX_PRODUCT_LENGTH = 40
_SAMPLE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@dataclass(frozen=True)
class Device:
    """A short name of the browser (or client program) and of its operating system."""

    browser: str | None = None
    system: str | None = None

    @property
    def label(self) -> str:
        """Both names in one line, e.g. "Chrome 131 (Windows 10)"; empty when unknown."""
        if self.browser and self.system:
            return f"{self.browser} ({self.system})"
        return self.browser or self.system or ""


def describe(user_agent: str | None) -> Device:
    """The device a User-Agent names; an unknown one by its first product token."""
    return _describe((user_agent or "")[:MAX_PARSED_LENGTH])


@lru_cache(maxsize=1024)
def _describe(user_agent: str) -> Device:
    if not user_agent:
        return Device()
    agent = ua_parser.parse_user_agent(user_agent)
    system = ua_parser.parse_os(user_agent)
    browser = _named(agent.family, agent.major) if agent else None
    if browser is None:
        browser = user_agent.split(" ", 1)[0][:MAX_PRODUCT_LENGTH]
    return Device(browser=browser, system=_named(system.family, system.major) if system else None)


def _named(family: str, major: str | None) -> str | None:
    if family == "Other":
        return None
    return f"{family} {major}" if major else family


async def load_rules(_: object = None) -> None:
    """Read the parser's rules once, off the event loop, before the first page needs them
    (an app start-up hook)."""
    await asyncio.to_thread(describe, _SAMPLE)
