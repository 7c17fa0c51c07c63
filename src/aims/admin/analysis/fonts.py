"""What a font's name tells about its face: weight and fixed pitch (typewriter)."""

from __future__ import annotations

import re
from functools import cache

BOLD, MEDIUM, REGULAR = 700.0, 600.0, 400.0
# Case matters: "TsukuBOldMin" (Tsukushi B Old Mincho) is not bold, "Ryumin-Bold" is.
_BOLD = re.compile(
    r"Bold|bold|BOLD|Black|black|Heavy|heavy|Demi|demi"
    r"|cmbx|CMBX|ecbx|ECBX|sfbx|-B$|-Bd$|-BD$|-Bx$|-EB$|W[6-9]$"
)
_MEDIUM = re.compile(r"Medium|medium|-Md$|-M$|-Medi$|-DB$")
_MONOSPACE = re.compile(
    r"mono|courier|typewriter|cmtt|lmtt|txtt|cmvtt|pitch|consol|menlo|code", re.IGNORECASE
)
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


@cache
def face_name(raw: bytes) -> str:
    """The font name as the PDF gives it, without a subset prefix ('ABCDEF+')."""
    return _SUBSET_PREFIX.sub("", raw.decode("latin-1"))


@cache
def font_weight(name: str) -> float:
    """Weight from the font's name; the weights pdfium reports are too unreliable to use."""
    if _BOLD.search(name):
        return BOLD
    if _MEDIUM.search(name):
        return MEDIUM
    return REGULAR


@cache
def is_monospace(name: str) -> bool:
    """Whether the font is a typewriter (fixed-pitch) face, as code and labels are set in."""
    return bool(_MONOSPACE.search(name))
