"""Rules (thin horizontal and vertical lines) on a page: drawn in the PDF, or inked in a scan."""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from aims.admin.analysis.model import BBox

_THIN = 2.5  # points
_MIN_LENGTH = 8.0  # points
_RECTANGLE_SEGMENTS = (4, 5)
_RUN_SHRINK = 8  # pixels averaged into one when looking for long runs of ink
_MIN_SCAN_RULE = 0.06  # of the page width or height
_DARK = 70  # a shrunk pixel this dark is mostly ink


def pdf_rulings(page: pdfium.PdfPage) -> list[BBox]:
    """Thin horizontal and vertical paths, and the sides of rectangles, top-left origin."""
    height = page.get_height()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    found: list[BBox] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        item = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(item) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPageObj_GetBounds(item, left, bottom, right, top)
        box = (left.value, height - top.value, right.value, height - bottom.value)
        if _is_rule(box):
            found.append(box)
        elif pdfium_c.FPDFPath_CountSegments(item) in _RECTANGLE_SEGMENTS:
            found += _sides(box)
    return found


def _is_rule(box: BBox) -> bool:
    width, height = box[2] - box[0], box[3] - box[1]
    across = height <= _THIN and width >= _MIN_LENGTH
    down = width <= _THIN and height >= _MIN_LENGTH
    return across or down


def _sides(box: BBox) -> list[BBox]:
    x0, y0, x1, y1 = box
    if x1 - x0 < _MIN_LENGTH or y1 - y0 < _MIN_LENGTH:
        return []
    return [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]


def scan_rulings(image: Image.Image, scale: float) -> list[BBox]:
    """Long straight runs of ink in a greyscale page image, in points (`scale` per pixel)."""
    width, height = image.size
    across = image.resize((max(1, width // _RUN_SHRINK), height), Image.Resampling.BOX)
    down = image.resize((width, max(1, height // _RUN_SHRINK)), Image.Resampling.BOX)
    return _runs(across, scale, transposed=False) + _runs(
        down.transpose(Image.Transpose.TRANSPOSE), scale, transposed=True
    )


def _runs(shrunk: Image.Image, scale: float, *, transposed: bool) -> list[BBox]:
    """Rows of a shrunk page in which ink runs for a long stretch, joined into strokes."""
    columns = shrunk.width + 1  # a white column keeps runs from wrapping into the next row
    padded = Image.new("L", (columns, shrunk.height), 255)
    padded.paste(shrunk, (0, 0))
    data = padded.point(lambda value: 1 if value <= _DARK else 0).tobytes()
    long_run = re.compile(rb"\x01{%d,}" % max(2, round(_MIN_SCAN_RULE * shrunk.width)))
    strokes: list[list[int]] = []  # [first row, last row, start, end]
    for match in long_run.finditer(data):
        row, start = divmod(match.start(), columns)
        _extend(strokes, row, start, start + len(match.group()))
    return [
        _box(first, last, start, end, scale, transposed)
        for first, last, start, end in strokes
        if (last - first + 1) * scale <= _THIN
    ]


def _extend(strokes: list[list[int]], row: int, start: int, end: int) -> None:
    """Add a run to the stroke it continues (on the row above), or start a new stroke."""
    for stroke in reversed(strokes):
        if stroke[1] < row - 1:
            break
        if stroke[1] == row - 1 and min(end, stroke[3]) > max(start, stroke[2]):
            stroke[1], stroke[2], stroke[3] = row, min(start, stroke[2]), max(end, stroke[3])
            return
    strokes.append([row, row, start, end])


def _box(first: int, last: int, start: int, end: int, scale: float, transposed: bool) -> BBox:
    x0, x1 = start * _RUN_SHRINK * scale, end * _RUN_SHRINK * scale
    y0, y1 = first * scale, (last + 1) * scale
    return (y0, x0, y1, x1) if transposed else (x0, y0, x1, y1)
