"""Addresses that would display like another account's: refused before they are created.

Two rules after NFKC normalisation (UTS #39, Unicode Security Mechanisms):

- no invisible or direction-changing characters: controls, format characters
  (zero-width space and joiners, soft hyphen, bidi embeddings, overrides and
  isolates), the rest of Default_Ignorable_Code_Point, unassigned and private
  characters, separators;
- each part (the local part, each domain label) is at most *Highly
  Restrictive* (§5.2): one script, or Latin with Han and Hiragana/Katakana
  (Japanese), Han and Bopomofo, or Han and Hangul. Latin mixed with Cyrillic or
  Greek, say, is refused. Script data comes from fontTools' Unicode tables
  (Script_Extensions), with §5.1's augmentation: Han, Hiragana and Katakana
  form one "Japanese" set, so 山田たろう or ヤマダ太郎 is a single script.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum

from fontTools import unicodedata as scripts

# DerivedCoreProperties.txt, Default_Ignorable_Code_Point (Unicode 15.1), as ranges.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs"})
_ANY_SCRIPT = frozenset({"Zyyy", "Zinh"})  # Common and Inherited go with every script
_AUGMENTED = {
    "Hani": {"Hanb", "Jpan", "Kore"},
    "Hira": {"Jpan"},
    "Kana": {"Jpan"},
    "Hang": {"Kore"},
    "Bopo": {"Hanb"},
}
_HAN_COMBINATIONS = frozenset({"Hanb", "Jpan", "Kore"})


class RestrictionLevel(IntEnum):
    """UTS #39 §5.2 restriction levels, from strictest to loosest."""

    ASCII_ONLY = 1
    SINGLE_SCRIPT = 2
    HIGHLY_RESTRICTIVE = 3
    MODERATELY_RESTRICTIVE = 4
    MINIMALLY_RESTRICTIVE = 5


def is_invisible(char: str) -> bool:
    """Whether `char` shows nothing (or only reorders what is around it)."""
    if char.isascii():
        return not char.isprintable() or char.isspace()
    point = ord(char)
    if any(low <= point <= high for low, high in _DEFAULT_IGNORABLE):
        return True
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES


def restriction_level(text: str) -> RestrictionLevel:
    """The UTS #39 restriction level `text` satisfies (computed as ICU's SpoofChecker does)."""
    if text.isascii():
        return RestrictionLevel.ASCII_ONLY
    resolved = _resolved_scripts(text, without=None)
    if resolved is None or resolved:
        return RestrictionLevel.SINGLE_SCRIPT
    without_latin = _resolved_scripts(text, without="Latn")
    if without_latin is None or without_latin & _HAN_COMBINATIONS:
        return RestrictionLevel.HIGHLY_RESTRICTIVE
    if without_latin and not without_latin & {"Cyrl", "Grek"}:
        return RestrictionLevel.MODERATELY_RESTRICTIVE
    return RestrictionLevel.MINIMALLY_RESTRICTIVE


def lookalike_problem(email: str) -> str | None:
    """Why a normalised address could pass for another one, or None when it cannot."""
    if any(is_invisible(char) for char in email):
        return "invisible_characters"
    local, _, domain = email.rpartition("@")
    for part in (local, *domain.split(".")):
        if restriction_level(part) > RestrictionLevel.HIGHLY_RESTRICTIVE:
            return "mixed_scripts"
    return None


def _resolved_scripts(text: str, without: str | None) -> frozenset[str] | None:
    """The scripts all characters can belong to (§5.1): empty when they share none, None
    when no character restricts them (Common, Inherited, or skipped as `without`)."""
    resolved: set[str] | None = None
    for char in text:
        extensions = set(scripts.script_extension(char))
        if extensions & _ANY_SCRIPT or (without is not None and without in extensions):
            continue
        for script in list(extensions):
            extensions |= _AUGMENTED.get(script, set())
        resolved = extensions if resolved is None else resolved & extensions
    return None if resolved is None else frozenset(resolved)
