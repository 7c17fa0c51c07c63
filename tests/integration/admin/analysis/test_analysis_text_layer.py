"""Born-digital PDFs: headings, levels, reading order and outlines from the text layer."""

from __future__ import annotations

from fpdf import FPDF
from PIL import Image

from aims.admin.analysis import AnalysisOptions, DocumentAnalysis, analyse_document

from .conftest import ENGLISH_BODY, Run, body, build_pdf


def _headings(result: DocumentAnalysis) -> dict[str, tuple[int | None, str | None]]:
    return {e.text: (e.level, e.level_source) for e in result.elements if e.type == "heading"}


def test_japanese_numbering_families_become_levels(japanese_pages: list[list[Run]]) -> None:
    result = analyse_document(build_pdf(japanese_pages), "kitei.pdf", AnalysisOptions(jobs=1))
    headings = _headings(result)
    assert headings["第1章 総則"] == (1, "numbering")
    assert headings["第1節 目的"] == (2, "numbering")
    assert headings["(1) 適用範囲"] == (3, "numbering")
    assert headings["第2章 雑則"] == (1, "numbering")
    assert result.elements[0].type == "title"
    assert all(page.text_source == "text_layer" for page in result.pages)


def test_japanese_text_has_no_inserted_spaces(japanese_pages: list[list[Run]]) -> None:
    result = analyse_document(build_pdf(japanese_pages), "kitei.pdf", AnalysisOptions(jobs=1))
    paragraph = next(e for e in result.elements if e.type == "paragraph")
    assert "文書の管理について必要な事項" in paragraph.text
    assert "規程は、文書" in paragraph.text


def test_parallel_pages_give_the_same_result_as_one_process(
    japanese_pages: list[list[Run]],
) -> None:
    data = build_pdf(japanese_pages)
    assert analyse_document(data, "k.pdf", AnalysisOptions(jobs=2)) == analyse_document(
        data, "k.pdf", AnalysisOptions(jobs=1)
    )


def test_decimal_numbering_nests_three_levels() -> None:
    pages: list[list[Run]] = [
        [
            ("1 Introduction", 16, 60, 60),
            *body(90, text=ENGLISH_BODY),
            ("1.1 Scope", 13, 60, 160),
            *body(185, text=ENGLISH_BODY),
            ("1.1.1 Exceptions", 12, 60, 250),
            *body(275, text=ENGLISH_BODY),
            ("2 Usage", 16, 60, 340),
            *body(370, text=ENGLISH_BODY),
        ]
    ]
    headings = _headings(analyse_document(build_pdf(pages), "e.pdf", AnalysisOptions(jobs=1)))
    assert [level for level, _ in headings.values()] == [1, 2, 3, 1]


def test_two_columns_are_read_one_after_the_other() -> None:
    left = [(f"Left column line {n} of the text.", 10.0, 50.0, 100.0 + 15 * n) for n in range(8)]
    right = [(f"Right column line {n} of the text.", 10.0, 310.0, 100.0 + 15 * n) for n in range(8)]
    result = analyse_document(build_pdf([left + right]), "c.pdf", AnalysisOptions(jobs=1))
    text = " ".join(e.text for e in result.elements)
    assert text.index("Left column line 7") < text.index("Right column line 0")


def test_outline_levels_win_unless_ignored(japanese_pages: list[list[Run]]) -> None:
    outline = [(0, "第1章 総則", 0), (0, "第1節 目的", 1), (1, "第2章 雑則", 0)]
    data = build_pdf(japanese_pages, outline)
    with_outline = _headings(analyse_document(data, "o.pdf", AnalysisOptions(jobs=1)))
    without = _headings(analyse_document(data, "o.pdf", AnalysisOptions(jobs=1, use_outline=False)))
    assert with_outline["第1節 目的"] == (2, "outline")
    assert without["第1節 目的"] == (2, "numbering")


def test_page_numbers_at_the_foot_are_not_body_text() -> None:
    pages: list[list[Run]] = [
        [*body(100, text=ENGLISH_BODY), (str(n), 10, 290, 800)] for n in (1, 2, 3)
    ]
    result = analyse_document(build_pdf(pages), "n.pdf", AnalysisOptions(jobs=1))
    numbers = [e for e in result.elements if e.type == "page_number"]
    assert [e.text for e in numbers] == ["1", "2", "3"]


def test_vertical_japanese_in_the_text_layer_reads_right_to_left() -> None:
    columns = ["第一章　総則", "この規程は文書の管理について定める。", "すべての部署に適用する。"]
    runs: list[Run] = [
        (char, 14, 500 - index * 26, 80 + row * 15)
        for index, column in enumerate(columns)
        for row, char in enumerate(column)
    ]
    result = analyse_document(build_pdf([runs]), "tate.pdf", AnalysisOptions(jobs=1))
    assert result.pages[0].writing_mode == "vertical"
    text = "".join(e.text for e in result.elements)
    assert text.index("総則") < text.index("文書の管理") < text.index("部署")


def test_headings_missing_from_the_outline_follow_its_depth(
    japanese_pages: list[list[Run]],
) -> None:
    outline = [
        (0, "文書管理規程", 0),
        (0, "第1章 総則", 1),
        (0, "第1節 目的", 2),
        (1, "第2章 雑則", 1),
    ]
    headings = _headings(
        analyse_document(build_pdf(japanese_pages, outline), "o.pdf", AnalysisOptions(jobs=1))
    )
    assert headings["第1節 目的"] == (3, "outline")
    assert headings["第2節 定義"] == (3, "numbering")
    assert headings["(1) 適用範囲"] == (4, "numbering")


def test_pictures_become_figures_in_reading_order() -> None:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.text(60, 80, "Text above the picture.")
    pdf.image(Image.new("L", (400, 300), 128), x=60, y=120, w=300, h=200)
    pdf.text(60, 360, "Figure 1: A grey rectangle.")
    result = analyse_document(bytes(pdf.output()), "f.pdf", AnalysisOptions(jobs=1))
    kinds = [e.type for e in result.elements]
    assert kinds == ["paragraph", "figure", "caption"]
    assert result.elements[1].bbox == (60.0, 120.0, 360.0, 320.0)
