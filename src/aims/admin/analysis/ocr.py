"""Tesseract OCR of one page image: orientation, vertical Japanese, lines with size and weight."""

from __future__ import annotations

import statistics

import msgspec
from PIL import Image

from aims.admin.analysis.cjk import carries_its_own_space, is_cjk, remove_cjk_spaces
from aims.admin.analysis.hocr import OcrLine, parse_hocr, split_at_gaps
from aims.admin.analysis.model import BBox, Rotation, TextLine, WritingMode
from aims.admin.analysis.options import PageOptions
from aims.admin.analysis.orientation import Orientation, detect_orientation, looks_vertical
from aims.admin.analysis.recover import with_lost_lines
from aims.admin.analysis.rulings import scan_rulings
from aims.admin.analysis.runs import COLUMN_GAP_EMS
from aims.admin.analysis.strokes import StrokeMeter
from aims.admin.analysis.tesseract import Layout, read_hocr
from aims.admin.analysis.textlayer import CELL_GAP_EMS

_LOW_CONFIDENCE = 0.45
_JAPANESE_CELL_GAP = 2 * CELL_GAP_EMS
_VERTICAL_LANGUAGE = "jpn_vert"
_UPRIGHT = Orientation(rotation=0, vertical=False)


class OcrPage(msgspec.Struct, frozen=True, kw_only=True):
    """The OCR reading of a page, in points of the upright page."""

    lines: tuple[TextLine, ...]
    width: float
    height: float
    writing_mode: WritingMode
    rotation: Rotation
    languages: tuple[str, ...]
    confidence: float | None
    rulings: tuple[BBox, ...] = ()


def ocr_page(image: Image.Image, dpi: float, options: PageOptions) -> OcrPage:
    """OCR a greyscale page image, checking rotation and vertical Japanese only when needed."""
    orientation = _UPRIGHT
    if looks_vertical(image):
        orientation = detect_orientation(
            image, dpi, options.tessdata, vertical_possible="jpn" in options.languages
        )
    page = _read(image, orientation, dpi, options)
    if page.confidence is not None and page.confidence >= _LOW_CONFIDENCE:
        return page
    retry = detect_orientation(image, dpi, options.tessdata, vertical_possible=False)
    if retry == orientation:
        return page
    second = _read(image, retry, dpi, options)
    return second if (second.confidence or 0.0) > (page.confidence or 0.0) else page


def _read(
    image: Image.Image, orientation: Orientation, dpi: float, options: PageOptions
) -> OcrPage:
    turned = orientation.rotation != 0
    upright = image.rotate(-orientation.rotation, expand=True) if turned else image
    used = _VERTICAL_LANGUAGE if orientation.vertical else options.languages
    layout = Layout.VERTICAL_BLOCK if orientation.vertical else Layout.PAGE
    hocr = read_hocr(upright, dpi, options.tessdata, used, layout)
    scale = 72.0 / dpi
    meter = StrokeMeter(upright)
    read = parse_hocr(hocr)
    if not orientation.vertical:
        read = with_lost_lines(
            upright, read, lambda band: read_hocr(band, dpi, options.tessdata, used, Layout.LINE)
        )
    raw_lines = [
        part
        for line in read
        for part in (
            [line]
            if orientation.vertical
            else split_at_gaps(line, _thickness(line, vertical=False), COLUMN_GAP_EMS)
        )
    ]
    strokes = [
        meter.relative_stroke(line.bbox, _thickness(line, orientation.vertical))
        for line in raw_lines
    ]
    typical = statistics.median(strokes) if strokes else 1.0
    lines = [
        _text_line(line, stroke / typical if typical else 1.0, scale, orientation.vertical)
        for line, stroke in zip(raw_lines, strokes, strict=True)
    ]
    confidences = [line.confidence for line in lines if line.confidence is not None]
    return OcrPage(
        lines=tuple(lines),
        width=upright.width * scale,
        height=upright.height * scale,
        writing_mode="vertical" if orientation.vertical else "horizontal",
        rotation=orientation.rotation,
        languages=tuple(used.split("+")),
        confidence=round(statistics.fmean(confidences), 3) if confidences else None,
        rulings=tuple(scan_rulings(upright, scale)),
    )


def _thickness(line: OcrLine, vertical: bool) -> float:
    """Text size in pixels: Tesseract's estimate, capped by the box height for Japanese."""
    x0, y0, x1, y1 = line.bbox
    if vertical:
        return x1 - x0
    text = "".join(word.text for word in line.words)
    mostly_cjk = sum(1 for char in text if is_cjk(char)) * 2 > len(text)
    if mostly_cjk and line.x_size:
        return min(line.x_size, y1 - y0)
    return line.x_size or y1 - y0


def _text_line(line: OcrLine, relative_stroke: float, scale: float, vertical: bool) -> TextLine:
    x0, y0, x1, y1 = line.bbox
    em = _thickness(line, vertical)
    parts = [] if vertical else _cells(split_at_gaps(line, em, CELL_GAP_EMS), em)
    return TextLine(
        text=_text(line),
        bbox=(x0 * scale, y0 * scale, x1 * scale, y1 * scale),
        size=round(em * scale, 2),
        weight=round(400.0 * relative_stroke, 1),
        confidence=round(statistics.fmean(word.confidence for word in line.words), 3),
        pieces=tuple((_text(part), part.bbox[0] * scale, part.bbox[2] * scale) for part in parts)
        if len(parts) > 1
        else (),
    )


def _cells(parts: list[OcrLine], em: float) -> list[OcrLine]:
    """Stretches of a line. Next to Japanese text a gap must be twice as wide: Japanese
    glyphs and punctuation carry blank space that Tesseract's tight word boxes leave out."""
    cells: list[OcrLine] = []
    for part in parts:
        last = cells[-1] if cells else None
        if last is not None and _same_cell(
            _text(last), _text(part), part.bbox[0] - last.bbox[2], em
        ):
            box = (
                last.bbox[0],
                min(last.bbox[1], part.bbox[1]),
                part.bbox[2],
                max(last.bbox[3], part.bbox[3]),
            )
            cells[-1] = OcrLine(bbox=box, x_size=last.x_size, words=(*last.words, *part.words))
        else:
            cells.append(part)
    return cells


def _same_cell(left: str, right: str, gap: float, em: float) -> bool:
    japanese = is_cjk(left.rstrip()[-1:] or " ") or is_cjk(right.lstrip()[:1] or " ")
    return carries_its_own_space(left) or (japanese and gap < _JAPANESE_CELL_GAP * em)


def _text(line: OcrLine) -> str:
    return remove_cjk_spaces(" ".join(word.text for word in line.words))
