"""Every string of the web layer is translated, and the catalogues match the sources."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from aims.kernel.languages import LANGUAGES
from aims.web.i18n import negotiate

WEB = Path(__file__).resolve().parents[3] / "src" / "aims" / "web"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def source_messages() -> set[str]:
    found = extract_from_dir(
        str(WEB),
        METHODS,
        keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def catalogue(locale: str) -> dict[str, str]:
    with (WEB / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as file:
        po = read_po(file, locale=locale)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            m.string if isinstance(m.string, str) else m.string[0]
        )
        for m in po
        if m.id
    }


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_catalogue_holds_every_string_of_the_sources(locale: str) -> None:
    missing = source_messages() - set(catalogue(locale))
    assert not missing, f"run scripts/translations.sh: {sorted(missing)[:5]}"


def test_every_string_has_a_japanese_translation() -> None:
    untranslated = [msgid for msgid, text in catalogue("ja").items() if not text.strip()]
    assert not untranslated, untranslated[:5]


@pytest.mark.parametrize(
    ("profile", "cookie", "header", "expected"),
    [
        ("en", "ja", "ja", "en"),
        (None, "en", "ja", "en"),
        (None, None, "fr-CA, en;q=0.8, ja;q=0.9", "ja"),
        (None, None, "en-US,en;q=0.9", "en"),
        (None, None, "fr", "ja"),
        (None, "xx", None, "ja"),
    ],
)
def test_the_language_is_the_profiles_then_the_switchers_then_the_browsers(
    profile: str | None, cookie: str | None, header: str | None, expected: str
) -> None:
    assert negotiate(profile, cookie, header) == expected
