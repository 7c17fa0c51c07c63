"""Translations: gettext catalogues (Babel .po files) per locale, chosen per request."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from aims.kernel.languages import DEFAULT_LANGUAGE, LANGUAGES

LOCALE_COOKIE = "aims_locale"
LOCALE_SECONDS = 365 * 24 * 3600
"""How long the browser keeps the chosen language."""
_OWN_NAMES = {"ja": "日本語", "en": "English"}
LANGUAGE_NAMES = {language: _OWN_NAMES[language] for language in LANGUAGES}
"""Each language in its own words, for the switcher and the profile."""

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LANGUAGE)


@cache
def translations(locale: str) -> Translations:
    """The catalogue of `locale`, read once from its .po file (no compiled .mo needed)."""
    po_file = files("aims.web") / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str, **variables: object) -> str:
    """`message` in the current request's language, with `%(name)s` variables filled in."""
    text = translations(current_locale.get()).ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    """The singular or plural form for `n`, in the current request's language."""
    text = translations(current_locale.get()).ungettext(singular, plural, n)
    return text % {"num": n, **variables}


def negotiate(profile_locale: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The locale to speak: the profile's, else the switcher's cookie, else the browser's."""
    for choice in (profile_locale, cookie):
        if choice in LANGUAGES:
            return choice
    return _from_accept_language(accept_language or "")


def _from_accept_language(header: str) -> str:
    ranked: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES and quality > 0:
            ranked.append((quality, language))
    return max(ranked, key=lambda item: item[0])[1] if ranked else DEFAULT_LANGUAGE
