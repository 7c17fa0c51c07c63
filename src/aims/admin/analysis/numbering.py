"""Numbering families of headings (第1章, 1.2, (1), ア, ①, 【…】, ■), tolerant of OCR misreads."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import msgspec

_KANJI_DIGITS = "〇一二三四五六七八九十百千"
_ROMAN = "IVXLivxlⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ|"
_DAI = "[第弟笫苐]"
_NUMERAL = rf"[0-9{_KANJI_DIGITS}{_ROMAN}]+"
_COUNTER_RANKS = {"部": 0, "編": 0, "章": 1, "節": 2, "款": 3, "目": 4, "条": 5}
_COUNTER_LOOKALIKES = {
    "郡": "部",
    "縞": "編",
    "草": "章",
    "早": "章",
    "竜": "章",
    "筋": "節",
    "粂": "条",
}
_COUNTERS = "".join(_COUNTER_RANKS) + "".join(_COUNTER_LOOKALIKES)

_GOJUON = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)
_MISREAD_NUMBER = re.compile(r"^[0-9SO]{1,2}(?:[.．][0-9SO]{1,2}){1,3}(?=\s)")
_DIGIT_LOOKALIKES = str.maketrans("SO", "50")
_CIRCLED = re.compile(r"^[\u2460-\u2473\u2776-\u277f]")
_CIRCLED_RANK = 26
_BARE_DAI_RANK = 6
_ROMAN_RANK = 7
_DECIMAL_RANK = 10
_APPENDIX_RANK = 11
_SYMBOL_RANKS = {"【": 27, "■": 28, "□": 28, "◆": 29, "◇": 29, "●": 30, "○": 30}

_PATTERNS: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(rf"^{_DAI}\s?{_NUMERAL}\s?[{_COUNTERS}]"), "counter", 0),
    (re.compile(rf"^{_DAI}\s?[0-9{_KANJI_DIGITS}]+(?=\s)"), "dai", _BARE_DAI_RANK),
    (re.compile(r"^(?:chapter|part)\s+[0-9IVX]+\b", re.IGNORECASE), "chapter", 1),
    (re.compile(r"^(?:appendix|付録)\s?[A-Z0-9]\b", re.IGNORECASE), "appendix", _APPENDIX_RANK),
    (re.compile(r"^[A-Z](?:\s?[.．]\s?\d{1,2}){1,3}(?=\s|$|[^\d.．])"), "lettered", _DECIMAL_RANK),
    (
        re.compile(r"^\d{1,2}(?:\s?[.．]\s?\d{1,2}){0,4}[.．]?(?=\s|$|[^\d.．,/:\-])"),
        "decimal",
        _DECIMAL_RANK,
    ),
    (re.compile(r"^[IVX]{1,5}[.．](?=\s|\S)"), "roman", _ROMAN_RANK),
    (re.compile(r"^[(（]\d{1,2}[)）]"), "paren_digit", 20),
    (re.compile(r"^\d{1,2}[)）]"), "paren_digit", 20),
    (re.compile(rf"^[{_GOJUON}][.．、]"), "katakana", 21),
    (re.compile(rf"^[(（][{_GOJUON}][)）]"), "paren_katakana", 22),
    (re.compile(r"^[A-Z][.．](?=\s)(?!\s?[A-Z][.．])"), "upper_alpha", 23),
    (re.compile(r"^[(（][a-z][)）]"), "paren_alpha", 24),
    (re.compile(r"^[(（][ivx]{1,4}[)）]"), "paren_roman", 25),
    (re.compile(r"^【[^】]{1,40}】"), "bracket", _SYMBOL_RANKS["【"]),
    (re.compile(r"^[■□◆◇●○]"), "symbol", 28),
)


class Numbering(msgspec.Struct, frozen=True):
    """The numbering a heading starts with: its family, rank among families, and label."""

    family: str
    rank: int
    label: str
    title: str


@lru_cache(maxsize=4096)
def parse_numbering(text: str) -> Numbering | None:
    """Recognise the numbering at the start of a heading's text, or None."""
    stripped = text.strip()
    if _CIRCLED.match(stripped):  # NFKC would turn ① into a plain 1
        return Numbering("circled", _CIRCLED_RANK, stripped[0], stripped[1:].strip(" 　.．、"))
    normal = unicodedata.normalize("NFKC", stripped)
    for pattern, family, base_rank in _PATTERNS:
        match = pattern.match(normal)
        if match is None:
            continue
        label = _canonical_label(family, match.group(0).strip())
        title = normal[match.end() :].strip(" 　.．、")
        return Numbering(
            family=_family_name(family, label),
            rank=_rank(family, base_rank, label),
            label=label,
            title=title,
        )
    return None


def _rank(family: str, base_rank: int, label: str) -> int:
    if family == "counter":
        return _COUNTER_RANKS[_canonical_counter(label[-1])]
    if family in ("decimal", "lettered"):
        return base_rank + _decimal_depth(label)
    if family == "symbol":
        return _SYMBOL_RANKS[label[0]]
    return base_rank


def _family_name(family: str, label: str) -> str:
    if family == "counter":
        return f"counter:{_canonical_counter(label[-1])}"
    if family in ("decimal", "lettered"):
        return f"decimal:{_decimal_depth(label)}"
    if family == "appendix":
        return "decimal:1"
    if family == "symbol":
        return f"symbol:{label[0]}"
    return family


def _canonical_label(family: str, label: str) -> str:
    """The label with OCR misreadings of counters undone ('第1草' → '第1章')."""
    if family != "counter":
        return label
    return "第" + label[1:-1] + _canonical_counter(label[-1])


def _canonical_counter(char: str) -> str:
    return _COUNTER_LOOKALIKES.get(char, char)


def _decimal_depth(label: str) -> int:
    return len([part for part in re.split(r"[.．]", label) if part.strip()])


def undo_digit_misreads(text: str) -> str:
    """A line's leading section number with OCR's letters for digits undone ('S.3' → '5.3').

    Only a dotted number with at least one true digit is read again: a lone letter may be an
    appendix's, and 'S' and 'O' are the letters OCR puts for 5 and 0.
    """
    match = _MISREAD_NUMBER.match(text)
    if match is None or not any(char.isdigit() for char in match.group(0)):
        return text
    return match.group(0).translate(_DIGIT_LOOKALIKES) + text[match.end() :]
