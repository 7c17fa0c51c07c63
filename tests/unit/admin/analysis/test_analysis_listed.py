"""Headings checked against a contents page that OCR read imperfectly."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.contents import ContentsEntry
from aims.admin.analysis.document import assemble
from aims.admin.analysis.layout import Layout
from aims.admin.analysis.listed import contradicting_contents, within_contents
from aims.admin.analysis.model import PageResult, SourceInfo, TextLine
from aims.admin.analysis.style import BodyStyle

from .conftest import make_line

_SOURCE = SourceInfo(filename="s.pdf", sha256="0" * 64, media_type="application/pdf", page_count=3)
_BODY = "The body text explains the rules that apply to every document in general."
_LEADERS = " . . . . . . . . . . . ."


def _body(y: float) -> list[TextLine]:
    return [make_line(_BODY, 50, y + 14 * row) for row in range(3)]


def _contents() -> list[TextLine]:
    rows = [  # OCR ran pairs of rows together
        ("1 Introduction 2 Storage", "2"),
        ("2.1 Retention 2.2 Disposal", "3"),
        ("3 Audit trail", "3"),
        ("4 Appendix", "3"),
    ]
    lines = [make_line("Contents", 50, 60, 16, 700)]
    for row, (entry, number) in enumerate(rows):
        lines += [
            make_line(entry + _LEADERS, 50, 100 + 16 * row),
            make_line(number, 500, 100 + 16 * row),
        ]
    return lines


def _chapters() -> tuple[list[TextLine], list[TextLine]]:
    first = [make_line("1 Introduction", 50, 60, 16, 700), *_body(90)]
    first += [make_line("2 Storage", 50, 160, 16, 700), *_body(190)]
    second = [make_line("2.1 Retention", 50, 60, 13, 700), *_body(85)]
    second += [make_line("2.1.1 Retention details", 50, 140, 11, 700), *_body(162)]
    second += [make_line("2.2 Disposal", 50, 220, 13, 700), *_body(245)]
    second += [make_line("3 Audit trail", 50, 300, 16, 700), *_body(330)]
    second += [make_line("4 Appendix", 50, 400, 16, 700), *_body(430)]
    return first, second


def _ocr_layout(*lines: TextLine) -> Layout:
    blocks = [Block(page=1, lines=(line,), vertical=False, source="ocr") for line in lines]
    return Layout(
        pages=[blocks], widths=[595.0], heights=[842.0], body=BodyStyle(10.0, 400.0), roles={}
    )


def test_a_contents_row_run_together_still_names_its_headings(
    page: Callable[..., PageResult],
) -> None:
    first, second = _chapters()
    result = assemble(_SOURCE, [page(1, _contents()), page(2, first), page(3, second)])
    headings = [(e.text, e.level) for e in result.elements if e.type == "heading"]
    assert headings == [
        ("1 Introduction", 1),
        ("2 Storage", 1),
        ("2.1 Retention", 2),
        ("2.2 Disposal", 2),
        ("3 Audit trail", 1),
        ("4 Appendix", 1),
    ]


def test_a_numbered_row_read_between_contents_rows_is_not_a_heading() -> None:
    rows = [("1 Introduction", 10.0), ("2 Storage", 11.0), ("3 Audit trail", 10.0)]
    lines = [make_line(text, 50, 100 + 20 * row, size) for row, (text, size) in enumerate(rows)]
    layout = _ocr_layout(*lines)
    entries = {(0, 0): ContentsEntry("1 Introduction", "2", lines[0])}
    entries[(0, 2)] = ContentsEntry("3 Audit trail", "4", lines[2])
    assert within_contents([(0, 1)], layout, entries) == {(0, 1)}
    larger = Block(
        page=1, lines=(make_line("2 Storage", 50, 120, 16.0),), vertical=False, source="ocr"
    )
    layout.pages[0][1] = larger  # set larger than the rows: it heads what follows
    assert within_contents([(0, 1)], layout, entries) == set()


def test_an_unsure_number_the_contents_gives_another_title_is_not_a_heading() -> None:
    entry_line = make_line("4 Some examples", 50, 100)
    entries = {(0, 0): ContentsEntry("4 Some examples", "13", entry_line)}
    figure = msgspec.structs.replace(make_line("4 iF xr dx", 50, 200, 40.0), confidence=0.52)
    clear = msgspec.structs.replace(figure, confidence=0.9)
    listed = msgspec.structs.replace(make_line("4 Some exampels", 50, 200, 16.0), confidence=0.5)
    unlisted = msgspec.structs.replace(make_line("7 Index", 50, 200, 16.0), confidence=0.5)
    for line, dropped in ((figure, True), (clear, False), (listed, False), (unlisted, False)):
        layout = _ocr_layout(entry_line, line)
        assert (contradicting_contents([(0, 1)], layout, entries) == {(0, 1)}) is dropped


def test_an_unsure_chapter_the_contents_lists_stays_a_heading() -> None:
    entry_line = make_line("第2章 概要", 50, 100)
    entries = {(0, 0): ContentsEntry("第2章 概要", "5", entry_line)}
    chapter = msgspec.structs.replace(make_line("第2章 概要", 50, 200, 16.0), confidence=0.5)
    layout = _ocr_layout(entry_line, chapter)
    assert contradicting_contents([(0, 1)], layout, entries) == set()
