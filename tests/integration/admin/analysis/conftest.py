"""Real documents for the analysis engine, generated with fpdf2 and the IPA fonts."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

GOTHIC = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
MINCHO = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
SAMPLES = Path(__file__).resolve().parents[3] / "fixtures" / "samples"
"""Real PDFs vendored with their licences (see the README there)."""

# (text, font size in points, x, y); a size above 11 is set in the gothic face like a heading
Run = tuple[str, float, float, float]

JAPANESE_BODY = "この規程は、文書の管理について必要な事項を定めるものとし、すべての部署に適用する。"
ENGLISH_BODY = "This paragraph explains the rules that apply to every document in general terms."


def build_pdf(pages: list[list[Run]], outline: list[tuple[int, str, int]] = ()) -> bytes:  # type: ignore[assignment]
    """A born-digital A4 PDF; outline entries are (page index, title, level)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("gothic", fname=GOTHIC)
    pdf.add_font("mincho", fname=MINCHO)
    for index, runs in enumerate(pages):
        pdf.add_page()
        for entry_page, title, level in outline:
            if entry_page == index:
                pdf.start_section(title, level=level)
        for text, size, x, y in runs:
            pdf.set_font("gothic" if size > 11 else "mincho", size=size)
            pdf.text(x, y + size, text)
    return bytes(pdf.output())


def body(y: float, lines: int = 3, text: str = JAPANESE_BODY, x: float = 60) -> list[Run]:
    """Lines of running text starting at y."""
    return [(text, 10, x, y + 15 * row) for row in range(lines)]


def rasterise(pdf: bytes, dpi: int = 300) -> list[Image.Image]:
    """Greyscale page images of a PDF, as a scanner would deliver them."""
    document = pdfium.PdfDocument(pdf)
    images = [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    document.close()
    return images


def first_pages(pdf: bytes, count: int) -> bytes:
    """The first `count` pages of a PDF, as a PDF of their own."""
    source = pdfium.PdfDocument(pdf)
    part = pdfium.PdfDocument.new()
    part.import_pages(source, list(range(min(count, len(source)))))
    buffer = io.BytesIO()
    part.save(buffer)
    return buffer.getvalue()


def image_only_pdf(images: list[Image.Image], dpi: int = 300) -> bytes:
    """A PDF whose pages are only images (no text layer)."""
    pdf = FPDF(unit="pt", format="A4")
    for image in images:
        pdf.add_page(format=(image.width * 72 / dpi, image.height * 72 / dpi))
        pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def image_bytes(image: Image.Image, kind: str = "PNG", **options: object) -> bytes:
    """Encode an image."""
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def japanese_pages() -> list[list[Run]]:
    """Two pages using the 第N章 > 第N節 > (N) families, one heading split over two lines."""
    return [
        [
            ("文書管理規程", 24, 60, 50),
            ("第1章 総則", 16, 60, 110),
            *body(140),
            ("第1節 目的", 13, 60, 210),
            *body(235),
            ("(1) 適用範囲", 12, 60, 300),
            *body(325),
            ("第2節 定義", 13, 60, 390),
            *body(415),
        ],
        [
            ("第2章", 16, 60, 60),
            ("雑則", 16, 60, 82),
            *body(115),
            ("第1節 補則", 13, 60, 185),
            *body(210),
        ],
    ]
