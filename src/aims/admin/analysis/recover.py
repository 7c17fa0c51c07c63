"""Lines Tesseract's page layout lost: printed text that no recognised line covers.

Tesseract's layout analysis sometimes drops a whole line of a page, most often a heading with
small readings (ruby) right above it, which it takes for a picture. Whatever ink is left once
every recognised line is blanked out, in a band as tall as a line of text and wide enough to
be words, is read again as a single line without the readings; what reads clearly is kept.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

import msgspec
from PIL import Image, ImageDraw

from aims.admin.analysis.hocr import OcrLine, parse_hocr
from aims.admin.analysis.model import BBox

_INK_THRESHOLD = 128
_MIN_ROW_INK = 2.0  # pixels of ink in a row (its mean is whole grey levels: ten pixels at least)
_JOIN_GAP = 0.3  # of a line's height: a reading above its base joins the base's band
_SHORTEST, _TALLEST = 0.7, 3.0  # of the median line height
_MIN_WIDTH = 1.5  # of the band's height
_MARGIN = 0.3  # of the band's height, around the crop
_MIN_CONFIDENCE = 0.85
_MOST_BANDS = 6
_MIN_CHARS = 2
_PADDING = 2

LineReader = Callable[[Image.Image], str]
"""Reads an image of one line of text: its hOCR, in the image's pixels."""


def with_lost_lines(
    image: Image.Image, lines: Sequence[OcrLine], read_line: LineReader
) -> list[OcrLine]:
    """The page's lines, in pixels, and after them those read again from uncovered ink."""
    heights = [line.bbox[3] - line.bbox[1] for line in lines]
    if not heights:
        return list(lines)
    uncovered = _uncovered(image, lines)
    ink = uncovered.point(lambda value: 255 if value < _INK_THRESHOLD else 0)
    found: list[OcrLine] = []
    for band in _bands(ink, statistics.median(heights))[:_MOST_BANDS]:
        found += _read_band(uncovered, _without_readings(ink, band), read_line)
    return [*lines, *found]


def _confidence(line: OcrLine) -> float:
    return statistics.fmean(word.confidence for word in line.words)


def _uncovered(image: Image.Image, lines: Sequence[OcrLine]) -> Image.Image:
    """The page with every recognised line painted white."""
    blanked = image.copy()
    draw = ImageDraw.Draw(blanked)
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        draw.rectangle((x0 - _PADDING, y0 - _PADDING, x1 + _PADDING, y1 + _PADDING), fill=255)
    return blanked


def _bands(ink: Image.Image, height: float) -> list[BBox]:
    """Boxes of the line-tall, word-wide bands of ink, top to bottom."""
    width = ink.width
    bands: list[BBox] = []
    for top, bottom in _row_runs(ink, _MIN_ROW_INK * 255 / width, _JOIN_GAP * height):
        tall = bottom - top + 1
        if not _SHORTEST * height <= tall <= _TALLEST * height:
            continue
        strip = ink.crop((0, top, width, bottom + 1))
        columns = strip.resize((width, 1), Image.Resampling.BOX).tobytes()
        inked_columns = [x for x, value in enumerate(columns) if value > 0]
        if not inked_columns:
            continue
        left, right = inked_columns[0], inked_columns[-1]
        if right - left >= _MIN_WIDTH * tall:
            bands.append((float(left), float(top), float(right + 1), float(bottom + 1)))
    return bands


def _without_readings(ink: Image.Image, band: BBox) -> BBox:
    """The band narrowed to its tallest run of inked rows: small readings (ruby) above or below
    a line make Tesseract misread it."""
    x0, y0, x1, _ = band
    runs = _row_runs(ink.crop(band), 1, 1)
    if not runs:
        return band
    top, bottom = max(runs, key=lambda run: run[1] - run[0])
    return (x0, y0 + top, x1, y0 + bottom + 1)


def _row_runs(ink: Image.Image, least: float, join_gap: float) -> list[tuple[int, int]]:
    """First and last rows of each run of rows whose mean ink (0–255) is at least `least`,
    rows at most `join_gap` apart counting as one run."""
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    runs: list[tuple[int, int]] = []
    for y, value in enumerate(rows):
        if value < least:
            continue
        if runs and y - runs[-1][1] <= join_gap:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def _read_band(image: Image.Image, band: BBox, read_line: LineReader) -> list[OcrLine]:
    """The lines of a band that read clearly as one line."""
    x0, y0, x1, y1 = band
    margin = _MARGIN * (y1 - y0)
    left, top = max(0.0, x0 - margin), max(0.0, y0 - margin)
    crop = image.crop((left, top, min(image.width, x1 + margin), min(image.height, y1 + margin)))
    return [
        _moved(line, left, top)
        for line in parse_hocr(read_line(crop))
        if _confidence(line) >= _MIN_CONFIDENCE
        and sum(char.isalnum() for word in line.words for char in word.text) >= _MIN_CHARS
    ]


def _moved(line: OcrLine, dx: float, dy: float) -> OcrLine:
    def shift(box: BBox) -> BBox:
        return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

    words = tuple(msgspec.structs.replace(word, bbox=shift(word.bbox)) for word in line.words)
    return OcrLine(bbox=shift(line.bbox), x_size=line.x_size, words=words)
