"""Broken, encrypted, oversized and bomb-like inputs are refused with a stable code."""

from __future__ import annotations

import pytest
from fpdf import FPDF
from PIL import Image

from aims.admin.analysis import AnalysisOptions, DocumentRejected, Limits, analyse_document

from .conftest import ENGLISH_BODY, body, build_pdf, image_bytes

_DEFAULT_LIMITS = Limits()


def _refusal(data: bytes, limits: Limits = _DEFAULT_LIMITS) -> str:
    with pytest.raises(DocumentRejected) as refused:
        analyse_document(data, "input", AnalysisOptions(jobs=1, limits=limits))
    return refused.value.code


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "Confidential")
    return bytes(pdf.output())


def test_an_encrypted_pdf_is_refused() -> None:
    assert _refusal(_encrypted_pdf()) == "encrypted"


def test_a_truncated_pdf_is_refused_as_corrupt() -> None:
    assert _refusal(build_pdf([body(100, text=ENGLISH_BODY)])[:400]) == "corrupt"


def test_a_broken_png_is_refused_as_corrupt() -> None:
    assert _refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) == "corrupt"


def test_an_image_above_the_pixel_limit_is_refused() -> None:
    bomb = image_bytes(Image.new("1", (10_000, 10_000), 1))
    assert len(bomb) < 100_000
    assert _refusal(bomb) == "page_too_large"


def test_a_file_above_the_byte_limit_is_refused() -> None:
    pdf = build_pdf([body(100, text=ENGLISH_BODY)])
    assert _refusal(pdf, Limits(max_bytes=1_000)) == "too_large"


def test_a_document_above_the_page_limit_is_refused() -> None:
    pages = [body(100, text=ENGLISH_BODY)] * 3
    assert _refusal(build_pdf(pages), Limits(max_pages=2)) == "too_many_pages"


def test_a_text_file_is_refused_as_unsupported() -> None:
    assert _refusal("第1章 総則\n".encode()) == "unsupported_type"
