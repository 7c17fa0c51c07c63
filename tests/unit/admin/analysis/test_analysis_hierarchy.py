"""Heading detection and levels over whole documents built from synthetic pages."""

from __future__ import annotations

from collections.abc import Callable

from aims.admin.analysis.document import assemble
from aims.admin.analysis.model import DocumentAnalysis, Element, PageResult, SourceInfo, TextLine

from .conftest import make_line

_SOURCE = SourceInfo(filename="t.pdf", sha256="0" * 64, media_type="application/pdf", page_count=2)
_BODY = "本文の説明がここに入ります。規則はすべての文書に一般的に当てはまる内容です"


def _body(y: float, lines: int = 3) -> list[TextLine]:
    return [make_line(_BODY, 50, y + 14 * i, 9.5) for i in range(lines)]


def _headings(result: DocumentAnalysis) -> list[Element]:
    return [e for e in result.elements if e.type == "heading"]


def _japanese_document(page: Callable[..., PageResult]) -> list[PageResult]:
    first = [
        make_line("第1章 総則", 50, 80, 16, 700),
        *_body(110),
        make_line("第1節 目的", 50, 180, 13, 700),
        *_body(205),
        make_line("(1) 適用範囲", 50, 270, 11, 700),
        *_body(295),
        make_line("第2節 定義", 50, 360, 13, 700),
        *_body(385),
    ]
    second = [
        make_line("第2章", 50, 80, 16, 700),
        make_line("雑則", 50, 100, 16, 700),
        *_body(130),
        make_line("第1節 補足", 50, 200, 13, 700),
        *_body(225),
    ]
    return [page(1, first), page(2, second)]


def test_japanese_numbering_families_give_nested_levels(page: Callable[..., PageResult]) -> None:
    result = assemble(_SOURCE, _japanese_document(page))
    levels = {h.text: (h.level, h.level_source) for h in _headings(result)}
    assert levels["第1章 総則"] == (1, "numbering")
    assert levels["第1節 目的"] == (2, "numbering")
    assert levels["(1) 適用範囲"] == (3, "numbering")


def test_a_number_and_its_title_on_two_lines_become_one_heading(
    page: Callable[..., PageResult],
) -> None:
    result = assemble(_SOURCE, _japanese_document(page))
    texts = [h.text for h in _headings(result)]
    assert "第2章 雑則" in texts
    assert "雑則" not in texts


def test_sections_nest_and_span_pages(page: Callable[..., PageResult]) -> None:
    result = assemble(_SOURCE, _japanese_document(page))
    chapter_one, chapter_two = result.sections
    assert [child.title for child in chapter_one.children] == ["第1節 目的", "第2節 定義"]
    assert chapter_one.children[0].children[0].title == "(1) 適用範囲"
    assert (chapter_two.page_start, chapter_two.title) == (2, "第2章 雑則")
    assert chapter_one.page_end == 1


def test_ids_are_continuous_and_elements_point_at_their_section(
    page: Callable[..., PageResult],
) -> None:
    result = assemble(_SOURCE, _japanese_document(page))
    count = len(result.elements)
    assert [e.id for e in result.elements] == [f"ID-{n}" for n in range(1, count + 1)]
    assert [e.reading_order for e in result.elements] == list(range(count))
    by_id = {e.id: e for e in result.elements}
    purpose = by_id[_id_of(result, "第1節 目的")]
    body_after_purpose = next(
        e for e in result.elements[purpose.reading_order :] if e.type == "paragraph"
    )
    assert body_after_purpose.section == purpose.id


def _id_of(result: DocumentAnalysis, text: str) -> str:
    return next(e.id for e in result.elements if e.text == text)


def test_same_input_gives_the_same_result(page: Callable[..., PageResult]) -> None:
    pages = _japanese_document(page)
    assert assemble(_SOURCE, pages) == assemble(_SOURCE, pages)


def test_unnumbered_headings_take_the_level_of_numbered_ones_set_alike(
    page: Callable[..., PageResult],
) -> None:
    lines = [
        make_line("1 Introduction", 50, 80, 14, 700),
        *_body(105),
        make_line("1.1 Scope", 50, 170, 12, 700),
        *_body(195),
        make_line("2 Usage", 50, 260, 14, 700),
        *_body(285),
        make_line("Acknowledgements", 50, 350, 14, 700),
        *_body(375),
    ]
    result = assemble(_SOURCE, [page(1, lines)])
    levels = {h.text: (h.level, h.level_source) for h in _headings(result)}
    assert levels["Acknowledgements"] == (1, "style")
    assert levels["1.1 Scope"] == (2, "numbering")


def test_headings_without_numbers_are_levelled_by_size(page: Callable[..., PageResult]) -> None:
    lines = [
        make_line("A Guide to Everything", 50, 40, 26, 700),
        make_line("Overview", 50, 80, 18, 700),
        *_body(110),
        make_line("Details", 50, 180, 14, 700),
        *_body(205),
        make_line("Background", 50, 270, 18, 700),
        *_body(295),
    ]
    result = assemble(_SOURCE, [page(1, lines)])
    levels = {h.text: h.level for h in _headings(result)}
    assert levels == {"Overview": 1, "Details": 2, "Background": 1}
    assert result.elements[0].type == "title"
    assert result.source.title == "A Guide to Everything"


def test_contents_entries_are_not_headings(page: Callable[..., PageResult]) -> None:
    contents = [make_line("Contents", 50, 60, 14, 700)] + [
        make_line(f"{n} Chapter {n} title . . . . . . . . {n * 3}", 50, 90 + 16 * n, 10, 700)
        for n in range(1, 5)
    ]
    chapters = [
        line
        for n in range(1, 5)
        for line in (
            make_line(f"{n} Chapter {n} title", 50, 40 + 150 * n, 14, 700),
            *_body(70 + 150 * n),
        )
    ]
    result = assemble(_SOURCE, [page(1, contents), page(2, chapters)])
    assert all(h.page == 2 for h in _headings(result) if h.text != "Contents")
    assert len([h for h in _headings(result) if h.page == 2]) == 4


def test_body_lines_in_a_bold_face_are_not_headings(page: Callable[..., PageResult]) -> None:
    lines = [
        make_line("1 Introduction", 50, 80, 14, 700),
        *_body(105),
        make_line("This sentence is bold for emphasis and runs long.", 50, 150, 9.5, 700),
        *_body(165),
    ]
    result = assemble(_SOURCE, [page(1, lines)])
    assert [h.text for h in _headings(result)] == ["1 Introduction"]


def test_headings_of_a_single_look_get_the_default_level(page: Callable[..., PageResult]) -> None:
    lines = [
        make_line("Overview", 50, 80, 12, 700),
        *_body(110),
        make_line("Background", 50, 180, 12, 700),
        *_body(205),
    ]
    result = assemble(_SOURCE, [page(1, lines)])
    assert [(h.text, h.level, h.level_source) for h in _headings(result)] == [
        ("Overview", 1, "default"),
        ("Background", 1, "default"),
    ]
