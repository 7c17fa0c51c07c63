"""Labels hanging in the margin of a scanned page, read with Tesseract's rough sizes."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from aims.admin.analysis.document import assemble
from aims.admin.analysis.model import PageResult, SourceInfo, TextLine

from .conftest import make_line

_SOURCE = SourceInfo(filename="s.pdf", sha256="0" * 64, media_type="application/pdf", page_count=1)
_BODY = "The body text explains the option in general terms for every page."


def _ocr(line: TextLine) -> TextLine:
    return TextLine(text=line.text, bbox=line.bbox, size=line.size, weight=400, confidence=0.9)


def _page(label_sizes: tuple[float, ...], label_x: float) -> list[TextLine]:
    lines = [make_line("1 Options", 120, 60, 16, 700), make_line(_BODY, 120, 90)]
    y = 114.0
    for number, size in enumerate(label_sizes):
        lines.append(make_line(f"option{number}=value", label_x, y, size))
        y += size + 14
        lines += [make_line(_BODY, 120, y), make_line(_BODY, 120, y + 14)]
        y += 24 + 14
    lines += [make_line("2 Usage", 120, y, 16, 700), make_line(_BODY, 120, y + 30)]
    return [_ocr(line) for line in lines]


def _headings(page: Callable[..., PageResult], lines: list[TextLine]) -> list[tuple[str, int]]:
    scanned = msgspec.structs.replace(page(1, lines), text_source="ocr")
    result = assemble(_SOURCE, [scanned])
    return [(e.text, e.level or 0) for e in result.elements if e.type == "heading"]


def test_scanned_labels_of_uneven_read_sizes_are_minor_headings(
    page: Callable[..., PageResult],
) -> None:
    assert _headings(page, _page((12.2, 15.6, 12.0), label_x=60)) == [
        ("1 Options", 1),
        ("option0=value", 2),
        ("option1=value", 2),
        ("option2=value", 2),
        ("2 Usage", 1),
    ]


def test_a_margin_note_set_small_is_not_a_label(page: Callable[..., PageResult]) -> None:
    assert _headings(page, _page((7.0, 7.0, 7.0), label_x=20)) == [
        ("1 Options", 1),
        ("2 Usage", 1),
    ]
