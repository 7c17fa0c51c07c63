"""Cheap page-orientation checks: projection profiles first, Tesseract OSD only when needed."""

from __future__ import annotations

import statistics

import msgspec
from PIL import Image

from aims.admin.analysis.model import Rotation
from aims.admin.analysis.tesseract import TesseractFailed, upright_rotation

_INK_THRESHOLD = 128
_MIN_BLANK_SHARE = 0.15
_DOMINANCE = 0.1
_MIN_COLUMN_SHAPE = 4.0
_CJK_SCRIPTS = ("Japanese", "Han", "Hiragana", "Katakana")


class Orientation(msgspec.Struct, frozen=True):
    """How to read a page: clockwise rotation that makes it upright, and vertical writing."""

    rotation: Rotation
    vertical: bool


class Profile(msgspec.Struct, frozen=True):
    """Ink along one axis of a binarised page: share of blank lines, extent, typical ink run."""

    blank_share: float
    extent: int
    typical_run: float


def profiles(image: Image.Image) -> tuple[Profile, Profile]:
    """The row profile and the column profile of a page."""
    ink = image.point(lambda value: 255 if value < _INK_THRESHOLD else 0)
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    columns = ink.resize((ink.width, 1), Image.Resampling.BOX).tobytes()
    return _profile(rows), _profile(columns)


def _profile(values: bytes) -> Profile:
    inked = [index for index, value in enumerate(values) if value]
    if not inked:
        return Profile(blank_share=0.0, extent=0, typical_run=0.0)
    extent = values[inked[0] : inked[-1] + 1]
    runs = [len(run) for run in extent.split(b"\x00") if run]
    return Profile(
        blank_share=extent.count(0) / len(extent),
        extent=len(extent),
        typical_run=statistics.median(runs),
    )


def looks_vertical(image: Image.Image) -> bool:
    """Whether text lines run top to bottom (vertical writing or a page turned by 90°)."""
    rows, columns = profiles(image)
    columns_dominate = columns.blank_share >= _MIN_BLANK_SHARE and (
        columns.blank_share > rows.blank_share + _DOMINANCE
    )
    # a single horizontal line also has blank columns (between its characters), but its
    # "columns" are no taller than they are wide
    return columns_dominate and rows.extent >= _MIN_COLUMN_SHAPE * columns.typical_run


def detect_orientation(
    image: Image.Image, dpi: float, tessdata: str, *, vertical_possible: bool
) -> Orientation:
    """Ask Tesseract's OSD for the rotation; a CJK page that OSD leaves upright is vertical."""
    try:
        found = upright_rotation(image, dpi, tessdata)
    except TesseractFailed:
        found = None
    if found is None:
        return Orientation(rotation=0, vertical=vertical_possible)
    rotation, script = found
    if vertical_possible and script in _CJK_SCRIPTS and rotation in (0, 180):
        return Orientation(rotation=0, vertical=True)
    return Orientation(rotation=rotation, vertical=False)
