"""Scanned headings whose section number OCR misread still take their place in the numbering."""

from __future__ import annotations

from aims.admin.analysis.document import assemble
from aims.admin.analysis.model import PageResult, SourceInfo, TextLine

_SOURCE = SourceInfo(filename="s.pdf", sha256="0" * 64, media_type="application/pdf", page_count=1)
_BODY = "This paragraph explains the rules that apply to every document in general terms."


def _line(text: str, y: float, size: float = 10.0, weight: float = 400.0) -> TextLine:
    box = (72, y, 72 + 0.5 * size * len(text), y + size)
    return TextLine(text=text, bbox=box, size=size, weight=weight, confidence=0.93)


def _section(number: str, y: float) -> list[TextLine]:
    """A bold section heading set at body size, then two lines of running text."""
    heading = _line(f"{number} Font size of the symbols", y, 10.6, 600)
    return [heading, _line(_BODY, y + 25), _line(_BODY, y + 39)]


def test_a_section_number_misread_with_a_letter_is_still_a_heading() -> None:
    lines = [*_section("5.2", 80), *_section("S.3", 160), *_section("5.4", 240)]
    page = PageResult(number=1, width=612, height=792, text_source="ocr", lines=tuple(lines))
    result = assemble(_SOURCE, [page])
    headings = [(e.text, e.number) for e in result.elements if e.type == "heading"]
    assert [number for _, number in headings] == ["5.2", "5.3", "5.4"]
    assert headings[1][0] == "5.3 Font size of the symbols"
