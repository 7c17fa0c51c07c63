"""The languages AIMS speaks: one list for the portal, profiles, mail and the API."""

from __future__ import annotations

from typing import Final, Literal, get_args

Language = Literal["ja", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "ja"


def as_language(value: str | None) -> Language | None:
    """`value` when it names a language AIMS speaks, else None."""
    for language in LANGUAGES:
        if value == language:
            return language
    return None
