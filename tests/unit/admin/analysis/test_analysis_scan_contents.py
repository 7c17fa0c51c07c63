"""A scanned contents page read row by row, and a garbled heading read again from it."""

from __future__ import annotations

from aims.admin.analysis.document import assemble
from aims.admin.analysis.model import DocumentAnalysis, PageResult, SourceInfo, TextLine

_SOURCE = SourceInfo(filename="s.pdf", sha256="0" * 64, media_type="application/pdf", page_count=3)
_BODY = "本文の説明がここに入ります。規則はすべての文書に一般的に当てはまる内容です。"
_TITLES = ("はじめに", "旧名称の機能について", "文書の保存", "文書の廃棄", "付録の説明", "索引")


def _ocr(text: str, box: tuple[float, float, float, float], size: float = 10.0) -> TextLine:
    return TextLine(text=text, bbox=box, size=size, weight=400.0, confidence=0.93)


def _row(number: int, y: float, page: str | None, size: float = 10.0) -> list[TextLine]:
    """A contents row as OCR reads it: the digit sits higher than the Japanese title beside it."""
    title = _TITLES[number - 1]
    row = [
        _ocr(str(number), (60, y + 1, 65, y + 8), size),
        _ocr(title, (100, y, 100 + 12 * len(title), y + 12), size),
    ]
    return row + ([_ocr(page, (500, y + 1, 506, y + 8))] if page else [])


def _body(y: float) -> list[TextLine]:
    return [_ocr(_BODY, (60, y + 15 * i, 520, y + 15 * i + 10)) for i in range(3)]


def _page(number: int, lines: list[TextLine]) -> PageResult:
    return PageResult(number=number, width=595, height=842, text_source="ocr", lines=tuple(lines))


def _heading(text: str, y: float, confidence: float = 0.93) -> TextLine:
    box = (60, y, 60 + 16 * len(text), y + 16)
    return TextLine(text=text, bbox=box, size=16, weight=600, confidence=confidence)


def _analysis() -> DocumentAnalysis:
    contents = [
        _ocr("目次", (60, 60, 92, 76), 16),
        *_row(1, 100, None),
        *_row(2, 125, None, 12.5),  # OCR overestimates the size of this row
        *_row(3, 150, None),
        *_row(4, 175, "4"),
        *_row(5, 200, "5"),
        *_row(6, 225, "6"),
    ]
    second = [
        _heading("1 はじめに", 80),
        *_body(110),
        _heading("2 IAG の機能について", 200, confidence=0.75),  # garbled, and OCR knows it
        *_body(230),
    ]
    third = [_heading("3 文書の保存", 80), *_body(110), _heading("4 文書の廃棄", 200), *_body(230)]
    return assemble(_SOURCE, [_page(1, contents), _page(2, second), _page(3, third)])


def test_contents_rows_of_a_scan_are_entries_with_their_numbers() -> None:
    entries = [e.text for e in _analysis().elements if e.type == "list_item"]
    assert entries[:3] == ["1 はじめに", "2 旧名称の機能について", "3 文書の保存"]


def test_a_garbled_heading_takes_the_clearer_reading_of_the_contents() -> None:
    result = _analysis()
    headings = [e.text for e in result.elements if e.type == "heading"]
    assert headings == ["1 はじめに", "2 旧名称の機能について", "3 文書の保存", "4 文書の廃棄"]
    row = next(e for e in result.elements if e.text == "2 旧名称の機能について")
    assert row.type == "list_item"
    assert row.target == next(
        e.id for e in result.elements if e.type == "heading" and e.number == "2"
    )


def _section(number: str, title: str, y: float) -> list[TextLine]:
    return [_heading(f"{number} {title}", y), *_body(y + 30)]


def test_contents_rows_read_badly_still_name_the_sections_by_their_numbers() -> None:
    """OCR reads the contents rows with leftovers of their leaders and letters of a logo
    misread; the numbers still tie rows to sections, so the contents still shows that an
    unlisted heading set like the sections (a note before the first) is not one of them."""
    rows = [
        "1 目的と範囲ーー",
        "2 基本の使い方",
        "2.1 plXTEX の場合しーー",
        "2.2 upIXTEX の場合しーー",
    ]
    contents = [
        line
        for i, text in enumerate(rows)
        for line in (
            _ocr(text, (60, 100 + 25 * i, 60 + 14 * len(text), 112 + 25 * i)),
            _ocr(str(2 + i // 2), (500, 101 + 25 * i, 506, 112 + 25 * i)),
        )
    ]
    second = [
        _heading("注意", 80),
        *_body(110),
        *_section("1", "目的と範囲", 200),
        *_section("2", "基本の使い方", 300),
    ]
    third = [*_section("2.1", "pTEX の場合", 80), *_section("2.2", "upTEX の場合", 200)]
    result = assemble(_SOURCE, [_page(1, contents), _page(2, second), _page(3, third)])
    headings = [e.text for e in result.elements if e.type == "heading"]
    assert headings == ["1 目的と範囲", "2 基本の使い方", "2.1 pTEX の場合", "2.2 upTEX の場合"]


def test_a_chapter_row_after_the_subsection_rows_stays_in_the_contents() -> None:
    """OCR lost the page number of the last row, a chapter's, which hangs left of the
    subsection rows above it: it is still a row of the listing, not a heading."""
    rows = [
        _ocr(f"4.{i} Customization of frames", (196, y, 416, y + 9))
        for i, y in enumerate((100, 115, 130), start=1)
    ]
    numbers = [_ocr(str(5 + i), (500, y, 506, y + 9)) for i, y in enumerate((85, 100, 115, 130))]
    first = _ocr("4 Verbatim environments", (162, 85, 300, 94))
    chapter = TextLine(
        text="5 Saving and restoring verbatim text",
        bbox=(162, 150, 421, 159),
        size=9.1,
        weight=580,
        confidence=0.95,
    )
    page = _page(1, [first, *rows, *numbers, chapter, *_body(250)])
    result = assemble(_SOURCE, [page, _page(2, _body(80)), _page(3, _body(80))])
    kinds = {e.text: e.type for e in result.elements}
    assert kinds["5 Saving and restoring verbatim text"] == "list_item"
