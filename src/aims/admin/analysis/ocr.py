"""Tesseract OCR of one page image: orientation, vertical Japanese, words grouped into lines."""

from __future__ import annotations

import statistics
from collections import defaultdict

import msgspec
import pytesseract
from PIL import Image

from aims.admin.analysis.cjk import remove_cjk_spaces
from aims.admin.analysis.model import BBox, Rotation, TextLine, WritingMode
from aims.admin.analysis.orientation import Orientation, detect_orientation, looks_vertical

_LOW_CONFIDENCE = 0.45
_MIN_WORD_CONFIDENCE = 0.0
_VERTICAL_LANGUAGE = "jpn_vert"


class OcrPage(msgspec.Struct, frozen=True, kw_only=True):
    """The OCR reading of a page, in points of the upright page."""

    lines: tuple[TextLine, ...]
    width: float
    height: float
    writing_mode: WritingMode
    rotation: Rotation
    languages: tuple[str, ...]
    confidence: float | None


def ocr_page(image: Image.Image, languages: str, dpi: float) -> OcrPage:
    """OCR a greyscale page image, detecting rotation and vertical Japanese first."""
    orientation = Orientation(rotation=0, vertical=False)
    if looks_vertical(image):
        orientation = detect_orientation(image, vertical_possible="jpn" in languages)
    page = _read(image, orientation, languages, dpi)
    if page.confidence is not None and page.confidence >= _LOW_CONFIDENCE:
        return page
    retry = detect_orientation(image, vertical_possible=False)
    if retry == orientation:
        return page
    second = _read(image, retry, languages, dpi)
    return second if (second.confidence or 0.0) > (page.confidence or 0.0) else page


def _read(image: Image.Image, orientation: Orientation, languages: str, dpi: float) -> OcrPage:
    upright = image.rotate(-orientation.rotation, expand=True) if orientation.rotation else image
    used = _VERTICAL_LANGUAGE if orientation.vertical else languages
    config = "--psm 5" if orientation.vertical else "--psm 3"
    data = pytesseract.image_to_data(
        upright, lang=used, config=config, output_type=pytesseract.Output.DICT
    )
    scale = 72.0 / dpi
    lines = _lines_from_data(data, upright, scale, orientation.vertical)
    confidences = [line.confidence for line in lines if line.confidence is not None]
    return OcrPage(
        lines=tuple(lines),
        width=upright.width * scale,
        height=upright.height * scale,
        writing_mode="vertical" if orientation.vertical else "horizontal",
        rotation=orientation.rotation,
        languages=tuple(used.split("+")),
        confidence=round(statistics.fmean(confidences), 3) if confidences else None,
    )


Word = tuple[str, BBox, float]


def _lines_from_data(
    data: dict[str, list[object]], image: Image.Image, scale: float, vertical: bool
) -> list[TextLine]:
    grouped: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for index, raw_text in enumerate(data["text"]):
        text = str(raw_text).strip()
        confidence = float(str(data["conf"][index]))
        if not text or confidence < _MIN_WORD_CONFIDENCE:
            continue
        left, top = int(str(data["left"][index])), int(str(data["top"][index]))
        box = (
            left,
            top,
            left + int(str(data["width"][index])),
            top + int(str(data["height"][index])),
        )
        key = (
            int(str(data["block_num"][index])),
            int(str(data["par_num"][index])),
            int(str(data["line_num"][index])),
        )
        grouped[key].append((text, box, confidence / 100.0))
    inks = {key: _ink(image, _union([w[1] for w in words])) for key, words in grouped.items()}
    typical_ink = statistics.median(inks.values()) if inks else 1.0
    return [
        _make_line(words, inks[key] / max(typical_ink, 1e-6), scale, vertical)
        for key, words in sorted(grouped.items())
    ]


def _make_line(words: list[Word], relative_ink: float, scale: float, vertical: bool) -> TextLine:
    box = _union([word[1] for word in words])
    thickness = (box[2] - box[0]) if vertical else (box[3] - box[1])
    return TextLine(
        text=remove_cjk_spaces(" ".join(word[0] for word in words)),
        bbox=(box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale),
        size=round(thickness * scale, 2),
        weight=round(400.0 * relative_ink, 1),
        confidence=round(statistics.fmean(word[2] for word in words), 3),
    )


def _union(boxes: list[BBox]) -> BBox:
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def _ink(image: Image.Image, box: BBox) -> float:
    histogram = image.crop(box).histogram()
    total = sum(histogram) or 1
    return sum(histogram[:128]) / total
