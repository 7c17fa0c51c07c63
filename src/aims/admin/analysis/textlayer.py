"""Text-layer extraction with pypdfium2: characters grouped into lines with size and weight."""

from __future__ import annotations

import ctypes
import statistics
from collections.abc import Iterator

import msgspec
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from aims.admin.analysis.model import BBox, TextLine, WritingMode

_MIN_USABLE_CHARS = 8
_MAX_GARBAGE_RATIO = 0.25
_COLUMN_GAP_EMS = 2.5
_BOLD_WORDS = ("bold", "black", "heavy", "demi", "cmbx", "sfbx", "ecbx")
_BOLD_SUFFIXES = ("-bd", "-b", "-bx")
_MEDIUM_WORDS = ("medium",)
_MEDIUM_SUFFIXES = ("-md", "-m", "-medi")
_BOLD, _MEDIUM, _REGULAR = 700.0, 600.0, 400.0
_MIN_COLUMN_CHARS = 3
_MIN_FIGURE_SHARE = 0.01
_TALL_RATIO = 2.0


class PdfChar(msgspec.Struct, frozen=True):
    """One character of the text layer, box in top-left-origin points."""

    text: str
    bbox: BBox | None
    size: float
    weight: float


def read_chars(page: pdfium.PdfPage) -> list[PdfChar]:
    """Read every character of the page's text layer."""
    textpage = page.get_textpage()
    height = page.get_height()
    name_buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars: list[PdfChar] = []
    for index in range(textpage.count_chars()):
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        if text.isspace() or pdfium_c.FPDFText_IsGenerated(textpage, index):
            chars.append(PdfChar(text, None, 0.0, 0.0))
            continue
        pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
        bbox = (left.value, height - top.value, right.value, height - bottom.value)
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name_buffer, 128, flags)
        weight = font_weight(name_buffer.value)
        chars.append(PdfChar(text, bbox, pdfium_c.FPDFText_GetFontSize(textpage, index), weight))
    textpage.close()
    return chars


def font_weight(font_name: bytes) -> float:
    """Weight from the font's name; the weights pdfium reports are too unreliable to use."""
    name = font_name.decode("latin-1").lower()
    if any(word in name for word in _BOLD_WORDS) or name.endswith(_BOLD_SUFFIXES):
        return _BOLD
    if any(word in name for word in _MEDIUM_WORDS) or name.endswith(_MEDIUM_SUFFIXES):
        return _MEDIUM
    return _REGULAR


def is_usable_text(chars: list[PdfChar]) -> bool:
    """Whether the text layer has enough real text and not mostly unmappable glyphs."""
    visible = [char.text for char in chars if char.bbox is not None]
    if len(visible) < _MIN_USABLE_CHARS:
        return False
    garbage = sum(1 for text in visible if _is_garbage(text))
    return garbage / len(visible) <= _MAX_GARBAGE_RATIO


def _is_garbage(text: str) -> bool:
    code = ord(text)
    return code == 0xFFFD or 0xE000 <= code <= 0xF8FF or code < 0x20 or code == 0


def lines_from_chars(chars: list[PdfChar]) -> list[TextLine]:
    """Group characters into lines at pdfium's line breaks and at wide horizontal gaps."""
    return [line for run in _line_runs(chars) for line in _split_at_gaps(run)]


def _line_runs(chars: list[PdfChar]) -> Iterator[list[PdfChar]]:
    run: list[PdfChar] = []
    for char in chars:
        if char.text in "\r\n":
            if run:
                yield run
            run = []
        else:
            run.append(char)
    if run:
        yield run


def _split_at_gaps(run: list[PdfChar]) -> Iterator[TextLine]:
    segment: list[PdfChar] = []
    last_right: float | None = None
    for char in run:
        if char.bbox is not None and last_right is not None and segment:
            gap_limit = _COLUMN_GAP_EMS * max(char.size, 1.0)
            if char.bbox[0] - last_right > gap_limit:
                yield from _make_line(segment)
                segment = []
        segment.append(char)
        if char.bbox is not None:
            last_right = char.bbox[2]
    yield from _make_line(segment)


def _make_line(segment: list[PdfChar]) -> Iterator[TextLine]:
    boxed = [char for char in segment if char.bbox is not None]
    text = _join_surrogates("".join(char.text for char in segment)).strip()
    if not boxed or not text:
        return
    boxes = [char.bbox for char in boxed if char.bbox is not None]
    bbox = (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )
    size = statistics.median(char.size for char in boxed)
    weight = statistics.fmean(char.weight for char in boxed)
    yield TextLine(text=text, bbox=bbox, size=round(size, 2), weight=round(weight, 1))


def _join_surrogates(text: str) -> str:
    """Combine UTF-16 surrogate pairs that pdfium reports as two characters."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def writing_mode_of(lines: list[TextLine]) -> WritingMode:
    """Vertical when most of the text sits in lines taller than they are wide."""

    def is_tall(line: TextLine) -> bool:
        x0, y0, x1, y1 = line.bbox
        return len(line.text) >= _MIN_COLUMN_CHARS and (y1 - y0) > _TALL_RATIO * (x1 - x0)

    tall = sum(len(line.text) for line in lines if is_tall(line))
    return "vertical" if tall * 2 > sum(len(line.text) for line in lines) else "horizontal"


def figure_boxes(page: pdfium.PdfPage) -> list[BBox]:
    """Boxes (top-left origin) of the raster images that cover a noticeable part of the page."""
    width, height = page.get_size()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes: list[BBox] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        item = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(item) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        pdfium_c.FPDFPageObj_GetBounds(item, left, bottom, right, top)
        area = (right.value - left.value) * (top.value - bottom.value)
        if area >= _MIN_FIGURE_SHARE * width * height:
            boxes.append((left.value, height - top.value, right.value, height - bottom.value))
    return boxes
