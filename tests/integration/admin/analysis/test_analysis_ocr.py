"""Scans through real Tesseract: Japanese spacing, mixed documents, rotation, vertical text."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from aims.admin.analysis import AnalysisOptions, analyse_document

from .conftest import GOTHIC, MINCHO, Run, body, build_pdf, image_bytes, image_only_pdf, rasterise

pytestmark = pytest.mark.slow


def test_scanned_japanese_headings_keep_their_levels(japanese_pages: list[list[Run]]) -> None:
    scan = image_only_pdf(rasterise(build_pdf(japanese_pages)))
    result = analyse_document(scan, "scan.pdf", AnalysisOptions(jobs=2))
    headings = [
        ((e.number or "").replace(" ", ""), e.level) for e in result.elements if e.type == "heading"
    ]
    assert headings[:5] == [("第1章", 1), ("第1節", 2), ("(1)", 3), ("第2節", 2), ("第2章", 1)]
    assert all(page.text_source == "ocr" for page in result.pages)
    assert all(page.ocr_confidence and page.ocr_confidence > 0.7 for page in result.pages)


def test_no_spaces_are_left_between_japanese_characters(japanese_pages: list[list[Run]]) -> None:
    scan = image_only_pdf(rasterise(build_pdf(japanese_pages[:1])))
    result = analyse_document(scan, "scan.pdf", AnalysisOptions(jobs=1))
    paragraph = next(e for e in result.elements if "規程" in e.text and e.type == "paragraph")
    assert "文書の管理について" in paragraph.text
    assert "文 書" not in paragraph.text


def test_mixed_documents_are_triaged_page_by_page(japanese_pages: list[list[Run]]) -> None:
    scanned_second_page = rasterise(build_pdf(japanese_pages))[1]
    mixed = _replace_second_page_with_image(japanese_pages[0], scanned_second_page)
    result = analyse_document(mixed, "mixed.pdf", AnalysisOptions(jobs=2))
    assert [page.text_source for page in result.pages] == ["text_layer", "ocr"]
    count = len(result.elements)
    assert [e.id for e in result.elements] == [f"ID-{n}" for n in range(1, count + 1)]


def _replace_second_page_with_image(first: list[Run], image: Image.Image) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("gothic", fname=GOTHIC)
    pdf.add_font("mincho", fname=MINCHO)
    pdf.add_page()
    for text, size, x, y in first:
        pdf.set_font("gothic" if size > 11 else "mincho", size=size)
        pdf.text(x, y + size, text)
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def test_a_page_turned_sideways_is_rotated_before_ocr() -> None:
    english: list[Run] = [
        ("1 Introduction", 16, 60, 60),
        *body(
            90, lines=12, text="The quick brown fox jumps over the lazy dog near the river bank."
        ),
    ]
    page = rasterise(build_pdf([english]))[0].rotate(90, expand=True)
    result = analyse_document(image_bytes(page), "turned.png", AnalysisOptions(jobs=1))
    assert result.pages[0].rotation in (90, 270)
    assert any("quick brown fox" in e.text for e in result.elements)


def _vertical_page() -> Image.Image:
    font = ImageFont.truetype(MINCHO, 48)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    columns = ["第一章　総則", "この規程は文書の管理について定める。", "すべての部署に適用する。"]
    for index, column in enumerate(columns):
        x = 2100 - index * 110
        for row, char in enumerate(column):
            draw.text((x, 300 + row * 56), char, font=font, fill=0)
    return image


def test_vertical_japanese_is_read_with_jpn_vert_right_to_left() -> None:
    result = analyse_document(image_bytes(_vertical_page()), "tate.png", AnalysisOptions(jobs=1))
    page = result.pages[0]
    assert page.writing_mode == "vertical"
    assert "jpn_vert" in page.languages
    text = "".join(e.text for e in result.elements).replace(" ", "")
    assert "文書の管理" in text
    assert text.index("総則") < text.index("部署")


def test_multi_page_tiff_pages_are_all_read() -> None:
    english: list[Run] = [
        ("2 Usage", 16, 60, 60),
        *body(90, lines=6, text="Every page of the scanned bundle is read in its own right."),
    ]
    first, second = rasterise(build_pdf([english, english]), dpi=200)
    tiff = image_bytes(first, "TIFF", save_all=True, append_images=[second], dpi=(200, 200))
    result = analyse_document(tiff, "bundle.tif", AnalysisOptions(jobs=2))
    assert [page.number for page in result.pages] == [1, 2]
    assert result.source.media_type == "image/tiff"
    assert round(result.pages[0].width) == 595


def test_a_transparent_png_is_read_on_white() -> None:
    image = Image.new("RGBA", (1400, 300), (0, 0, 0, 0))
    font = ImageFont.truetype(GOTHIC, 64)
    ImageDraw.Draw(image).text((60, 100), "第1章 総則 Transparent", font=font, fill=(0, 0, 0, 255))
    result = analyse_document(image_bytes(image), "line.png", AnalysisOptions(jobs=1))
    assert result.pages[0].writing_mode == "horizontal"
    assert "総則" in " ".join(e.text for e in result.elements)
