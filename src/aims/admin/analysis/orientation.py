"""Cheap page-orientation checks: projection profiles first, Tesseract OSD only when needed."""

from __future__ import annotations

import re

import msgspec
import pytesseract
from PIL import Image

from aims.admin.analysis.model import Rotation

_INK_THRESHOLD = 128
_MIN_BLANK_SHARE = 0.15
_DOMINANCE = 0.1
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_SCRIPT = re.compile(r"Script:\s*(\w+)")
_RIGHT_ANGLES: dict[int, Rotation] = {0: 0, 90: 90, 180: 180, 270: 270}
_CJK_SCRIPTS = ("Japanese", "Han", "Hiragana", "Katakana")


class Orientation(msgspec.Struct, frozen=True):
    """How to read a page: clockwise rotation that makes it upright, and vertical writing."""

    rotation: Rotation
    vertical: bool


def blank_fractions(image: Image.Image) -> tuple[float, float]:
    """Share of ink-free rows and of ink-free columns inside the inked extent of a page."""
    ink = image.point(lambda value: 255 if value < _INK_THRESHOLD else 0)
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    columns = ink.resize((ink.width, 1), Image.Resampling.BOX).tobytes()
    return _blank_fraction(rows), _blank_fraction(columns)


def _blank_fraction(profile: bytes) -> float:
    inked = [index for index, value in enumerate(profile) if value]
    if not inked:
        return 0.0
    extent = profile[inked[0] : inked[-1] + 1]
    return extent.count(0) / len(extent)


def looks_vertical(image: Image.Image) -> bool:
    """Whether text lines run top to bottom (vertical writing or a page turned by 90°)."""
    blank_rows, blank_columns = blank_fractions(image)
    return blank_columns >= _MIN_BLANK_SHARE and blank_columns > blank_rows + _DOMINANCE


def detect_orientation(image: Image.Image, *, vertical_possible: bool) -> Orientation:
    """Ask Tesseract's OSD for the rotation; a CJK page that OSD leaves upright is vertical."""
    try:
        report = pytesseract.image_to_osd(image, config="--psm 0")
    except pytesseract.TesseractError:
        return Orientation(rotation=0, vertical=vertical_possible)
    rotate = _ROTATE.search(report)
    script = _SCRIPT.search(report)
    rotation = _RIGHT_ANGLES.get(int(rotate.group(1)) % 360 if rotate else 0, 0)
    cjk_script = bool(script and script.group(1) in _CJK_SCRIPTS)
    if vertical_possible and cjk_script and rotation in (0, 180):
        return Orientation(rotation=0, vertical=True)
    return Orientation(rotation=rotation, vertical=False)
