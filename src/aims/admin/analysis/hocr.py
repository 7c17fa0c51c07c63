"""Parsing of Tesseract's hOCR: lines with their font-size estimate, words with confidences."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import msgspec

from aims.admin.analysis.model import BBox

_LINE_CLASSES = ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat")
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_X_SIZE = re.compile(r"x_size ([\d.]+)")
_CONFIDENCE = re.compile(r"x_wconf (\d+)")


class OcrWord(msgspec.Struct, frozen=True):
    """A recognised word: text, pixel box and confidence (0–1)."""

    text: str
    bbox: BBox
    confidence: float


class OcrLine(msgspec.Struct, frozen=True):
    """A recognised line: pixel box, Tesseract's font-size estimate in pixels, its words."""

    bbox: BBox
    x_size: float | None
    words: tuple[OcrWord, ...]


def parse_hocr(document: str) -> list[OcrLine]:
    """Read the lines of an hOCR page produced by our own Tesseract run."""
    root = ElementTree.fromstring(document)  # noqa: S314 - produced locally by Tesseract
    lines: list[OcrLine] = []
    for element in root.iter():
        if element.get("class") not in _LINE_CLASSES:
            continue
        words = tuple(_words(element))
        title = element.get("title", "")
        box = _bbox(title)
        if words and box is not None:
            size = _X_SIZE.search(title)
            lines.append(
                OcrLine(bbox=box, x_size=float(size.group(1)) if size else None, words=words)
            )
    return lines


def _words(line: ElementTree.Element) -> list[OcrWord]:
    words: list[OcrWord] = []
    for element in line.iter():
        if element.get("class") != "ocrx_word":
            continue
        text = "".join(element.itertext()).strip()
        title = element.get("title", "")
        box = _bbox(title)
        confidence = _CONFIDENCE.search(title)
        if text and box is not None:
            words.append(OcrWord(text, box, int(confidence.group(1)) / 100 if confidence else 0.0))
    return words


def _bbox(title: str) -> BBox | None:
    match = _BBOX.search(title)
    if match is None:
        return None
    x0, y0, x1, y1 = (float(value) for value in match.groups())
    return (x0, y0, x1, y1)


def split_at_gaps(line: OcrLine, em: float, gap_ems: float) -> list[OcrLine]:
    """Cut a horizontal line where its words are further apart than `gap_ems` text sizes."""
    parts: list[list[OcrWord]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word.bbox[0] - parts[-1][-1].bbox[2] > gap_ems * em:
            parts.append([word])
        else:
            parts[-1].append(word)
    if len(parts) == 1:
        return [line]
    return [OcrLine(bbox=_union(words), x_size=line.x_size, words=tuple(words)) for words in parts]


def _union(words: list[OcrWord]) -> BBox:
    return (
        min(word.bbox[0] for word in words),
        min(word.bbox[1] for word in words),
        max(word.bbox[2] for word in words),
        max(word.bbox[3] for word in words),
    )
