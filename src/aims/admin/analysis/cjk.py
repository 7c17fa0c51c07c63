"""Japanese-aware text rules: CJK detection, removal of OCR spaces, joining of soft line breaks."""

from __future__ import annotations

import re

_CJK_RANGES = (
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x25A0, 0x25FF),  # geometric shapes (■ ◆ ●)
)
_FIRST_CJK = min(low for low, _ in _CJK_RANGES)
_SOFT_HYPHENS = "\u00ad\ufffe\u0002"
_INNER_SPACE = re.compile(r"(?<=\S)[ \u3000]+(?=\S)")


def is_cjk(char: str) -> bool:
    """Whether a character belongs to Japanese (CJK) text rather than Latin text."""
    code = ord(char)
    return code >= _FIRST_CJK and any(low <= code <= high for low, high in _CJK_RANGES)


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces that OCR puts between two Japanese characters; keep the others."""

    def keep_or_drop(match: re.Match[str]) -> str:
        before = text[match.start() - 1]
        after = text[match.end()]
        return "" if is_cjk(before) and is_cjk(after) else " "

    return _INNER_SPACE.sub(keep_or_drop, text).strip()


def join_lines(lines: list[str]) -> str:
    """Join the lines of one block: no space in Japanese, a space in Latin, hyphens undone."""
    joined = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        joined = _join_two(joined, line) if joined else line
    return joined


def _join_two(left: str, right: str) -> str:
    if left[-1] in _SOFT_HYPHENS:
        return left[:-1] + right
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[0].islower():
        return left[:-1] + right
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    return f"{left} {right}"


def clean_line(text: str) -> str:
    """Drop hyphenation marks inside a text-layer line; keep one at its end for joining."""
    inner = text.rstrip(_SOFT_HYPHENS)
    tail = text[len(inner) :]
    return inner.replace("\ufffe", "").replace("\u0002", "").replace("\u00ad", "") + tail[:1]


_SPACED_PUNCTUATION = "、。，．：；！？」』）〕】"


def carries_its_own_space(text: str) -> bool:
    """Whether text ends in Japanese punctuation whose glyph includes the space after it."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in _SPACED_PUNCTUATION
