"""Lines Tesseract's page layout lost or garbled, read again one line at a time.

Tesseract's layout analysis sometimes drops a whole line of a page, most often a heading with
small readings (ruby) right above it, which it takes for a picture, or reads it as garbage.
Whatever ink is left once every recognised line is blanked out, in a band as tall as a line of
text and wide enough to be words, is read again as a single line, and so is every row holding
a line read with low confidence; what reads clearly is kept (and replaces the garbled row).
Multi-column rows read as one line are cut at their column gaps afterwards, as every line is.
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
_GARBLED = 0.5  # a line read with less confidence is read again
_MOST_BANDS = 6
_MIN_CHARS = 2
_PADDING = 2

LineReader = Callable[[Image.Image], str]
"""Reads an image of one line of text: its hOCR, in the image's pixels."""


def with_lost_lines(
    image: Image.Image, lines: Sequence[OcrLine], read_line: LineReader
) -> list[OcrLine]:
    """The page's lines, in pixels, with what the layout lost or garbled read again line by line.

    A row holding a garbled line (low confidence) is read again whole; a clear reading replaces
    the lines of that row it overlaps.
    """
    heights = [line.bbox[3] - line.bbox[1] for line in lines]
    if not heights:
        return list(lines)
    uncovered = _uncovered(image, lines)
    ink = uncovered.point(lambda value: 255 if value < _INK_THRESHOLD else 0)
    found: list[OcrLine] = []
    for band in _bands(ink, statistics.median(heights))[:_MOST_BANDS]:
        found += _read_band(uncovered, band, read_line)
    kept = list(lines)
    for row in _garbled_rows(lines)[:_MOST_BANDS]:
        clear = _read_band(image, row, read_line)
        kept = [line for line in kept if not any(_overlap(line, line_read) for line_read in clear)]
        found += clear
    return kept + found


def _garbled_rows(lines: Sequence[OcrLine]) -> list[BBox]:
    """Boxes around each garbled line and the lines beside it, top to bottom, not overlapping."""
    rows: list[BBox] = []
    for garbled in sorted(lines, key=lambda line: line.bbox[1]):
        if _confidence(garbled) >= _GARBLED:
            continue
        row = [line.bbox for line in lines if _overlap(line, garbled) or _overlap(garbled, line)]
        box = (
            min(b[0] for b in row),
            min(b[1] for b in row),
            max(b[2] for b in row),
            max(b[3] for b in row),
        )
        if not rows or box[1] >= rows[-1][3]:
            rows.append(box)
    return rows


def _confidence(line: OcrLine) -> float:
    return statistics.fmean(word.confidence for word in line.words)


def _overlap(line: OcrLine, other: OcrLine) -> bool:
    """Whether most of the line's height lies within the other's (wherever each sits across)."""
    _, y0, _, y1 = line.bbox
    _, oy0, _, oy1 = other.bbox
    return min(y1, oy1) - max(y0, oy0) > 0.5 * (y1 - y0)


def _uncovered(image: Image.Image, lines: Sequence[OcrLine]) -> Image.Image:
    """The page with the given lines painted white."""
    blanked = image.copy()
    draw = ImageDraw.Draw(blanked)
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        draw.rectangle((x0 - _PADDING, y0 - _PADDING, x1 + _PADDING, y1 + _PADDING), fill=255)
    return blanked


def _bands(ink: Image.Image, height: float) -> list[BBox]:
    """Boxes of the line-tall, word-wide bands of ink, top to bottom."""
    width = ink.width
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    inked = [value * width / 255 >= _MIN_ROW_INK for value in rows]
    runs: list[list[int]] = []
    for y, has_ink in enumerate(inked):
        if not has_ink:
            continue
        if runs and y - runs[-1][1] <= _JOIN_GAP * height:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    bands: list[BBox] = []
    for top, bottom in runs:
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


def _read_band(image: Image.Image, band: BBox, read_line: LineReader) -> list[OcrLine]:
    """The lines of a band that read clearly as one line."""
    x0, y0, x1, y1 = _without_readings(image, band)
    margin = _MARGIN * (y1 - y0)
    left, top = max(0.0, x0 - margin), max(0.0, y0 - margin)
    crop = image.crop((left, top, min(image.width, x1 + margin), min(image.height, y1 + margin)))
    return [
        _moved(line, left, top)
        for line in parse_hocr(read_line(crop))
        if _confidence(line) >= _MIN_CONFIDENCE
        and sum(char.isalnum() for word in line.words for char in word.text) >= _MIN_CHARS
    ]


def _without_readings(image: Image.Image, band: BBox) -> BBox:
    """The band narrowed to its tallest run of inked rows: small readings (ruby) above or below
    a line make Tesseract misread it."""
    x0, y0, x1, _ = band
    strip = image.crop(band).point(lambda value: 255 if value < _INK_THRESHOLD else 0)
    rows = strip.resize((1, strip.height), Image.Resampling.BOX).tobytes()
    runs: list[tuple[int, int]] = []
    start = None
    for y, value in enumerate([*rows, 0]):
        if value and start is None:
            start = y
        elif not value and start is not None:
            runs.append((start, y))
            start = None
    if not runs:
        return band
    top, bottom = max(runs, key=lambda run: run[1] - run[0])
    return (x0, y0 + top, x1, y0 + bottom)


def _moved(line: OcrLine, dx: float, dy: float) -> OcrLine:
    def shift(box: BBox) -> BBox:
        return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

    words = tuple(msgspec.structs.replace(word, bbox=shift(word.bbox)) for word in line.words)
    return OcrLine(bbox=shift(line.bbox), x_size=line.x_size, words=words)
