"""Text-layer extraction with pypdfium2: characters grouped into lines with size and weight."""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from aims.admin.analysis.cjk import carries_its_own_space
from aims.admin.analysis.fonts import REGULAR, face_name, font_weight, is_monospace
from aims.admin.analysis.model import BBox, Piece, TextLine, WritingMode
from aims.admin.analysis.ruby import ruby_indices
from aims.admin.analysis.runs import (
    Extent,
    PdfChar,
    extent_of,
    is_column_gap,
    joined_runs,
)

_MIN_USABLE_CHARS = 8
_MAX_GARBAGE_RATIO = 0.25
CELL_GAP_EMS = 0.9  # word spaces stay well below an em; table cells are further apart
_MIN_PLAIN_TAIL = 3
_NAME_BUFFER = 128
_MIN_COLUMN_CHARS = 3
_MIN_FIGURE_SHARE = 0.01
_TALL_RATIO = 2.0


def read_chars(page: pdfium.PdfPage) -> list[PdfChar]:
    """Read every character of the page's text layer."""
    textpage = page.get_textpage()
    handle = textpage.raw  # the bare handle spares pypdfium2's wrapper on every call
    height = page.get_height()
    name_buffer = ctypes.create_string_buffer(_NAME_BUFFER)
    flags = ctypes.c_int()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars: list[PdfChar] = []
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        text = chr(pdfium_c.FPDFText_GetUnicode(handle, index))
        if text.isspace() or pdfium_c.FPDFText_IsGenerated(handle, index):
            chars.append(PdfChar(text, None, 0.0, ""))
            continue
        pdfium_c.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
        bbox = (left.value, height - top.value, right.value, height - bottom.value)
        pdfium_c.FPDFText_GetFontInfo(handle, index, name_buffer, _NAME_BUFFER, flags)
        size = pdfium_c.FPDFText_GetFontSize(handle, index)
        chars.append(PdfChar(text, bbox, size, face_name(name_buffer.value)))
    textpage.close()
    return chars


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
    """Characters into lines: at pdfium's line breaks and wide gaps, without ruby, rejoined."""
    runs = [segment for run in _line_runs(chars) for segment in _split_at_gaps(run)]
    extents = [extent_of(run) for run in runs]
    ruby = ruby_indices([box for box, _ in extents], [size for _, size in extents])
    kept = [item for index, item in enumerate(zip(runs, extents, strict=True)) if index not in ruby]
    return [
        line for run, extent in joined_runs(kept) if (line := make_line(run, extent)) is not None
    ]


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


def _split_at_gaps(run: list[PdfChar]) -> Iterator[list[PdfChar]]:
    segment: list[PdfChar] = []
    last_right: float | None = None
    for char in run:
        if char.bbox is not None:
            if last_right is not None and _is_wide_gap(last_right, char.bbox[0], char.size):
                yield segment
                segment = []
            last_right = char.bbox[2]
        segment.append(char)
    if any(char.bbox is not None for char in segment):
        yield segment


def _is_wide_gap(left: float, right: float, size: float) -> bool:
    return is_column_gap(right - left, size)


def make_line(run: list[PdfChar], extent: Extent) -> TextLine | None:
    """One line from its characters: box, median size, the face of most characters, its label."""
    text = _join_surrogates("".join(char.text for char in run)).strip()
    if not text:
        return None
    box, size = extent
    fonts = Counter(char.font for char in run if char.bbox is not None)
    by_face: Counter[Face] = Counter()
    for font, count in fonts.items():
        by_face[_face_of(font)] += count
    main_face = by_face.most_common(1)[0][0]
    main_font = max((f for f in fonts if _face_of(f) == main_face), key=lambda f: fonts[f])
    return TextLine(
        text=text,
        bbox=box,
        size=round(size, 2),
        weight=main_face[0],
        font=main_font,
        label=_label(run),
        pieces=_pieces(run, size),
    )


def _pieces(run: list[PdfChar], size: float) -> tuple[Piece, ...]:
    """The stretches of a line between gaps of about an em or more, when there are several."""
    groups: list[list[PdfChar]] = [[]]
    last_right: float | None = None
    for char in run:
        if char.bbox is not None:
            wide = last_right is not None and char.bbox[0] - last_right > CELL_GAP_EMS * size
            if wide and not carries_its_own_space("".join(c.text for c in groups[-1])):
                groups.append([])
            last_right = char.bbox[2]
        groups[-1].append(char)
    if len(groups) < 2:
        return ()
    return tuple(_piece(group) for group in groups)


def _piece(chars: list[PdfChar]) -> Piece:
    boxes = [char.bbox for char in chars if char.bbox is not None]
    text = _join_surrogates("".join(char.text for char in chars)).strip()
    return (text, min(box[0] for box in boxes), max(box[2] for box in boxes))


Face = tuple[float, bool]
_PLAIN: Face = (REGULAR, False)


def _face(char: PdfChar) -> Face:
    return _face_of(char.font)


def _face_of(font: str) -> Face:
    return font_weight(font), is_monospace(font)


def _label(run: list[PdfChar]) -> str:
    """Leading words set in a bold or typewriter face when plain text follows them to the end of
    the line (a run-in term, or a paragraph that starts with an emphasised phrase), or ''."""
    boxed = [index for index, char in enumerate(run) if char.bbox is not None]
    if not boxed or _face(run[boxed[0]]) == _PLAIN or _face(run[boxed[-1]]) != _PLAIN:
        return ""
    end = next(i for i in boxed if _face(run[i]) == _PLAIN)
    tail = "".join(char.text for char in run[end:])
    if sum(1 for char in tail if char.isalnum()) < _MIN_PLAIN_TAIL:
        return ""  # a note mark after a heading is not text that follows it
    label = _join_surrogates("".join(char.text for char in run[:end])).strip()
    return label if any(char.isalnum() for char in label) else ""


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
