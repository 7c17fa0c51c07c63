"""Lines Tesseract's page layout loses are read again from the ink that no line covers."""

from __future__ import annotations

import pytest
from PIL import Image

from aims.admin.analysis.hocr import OcrLine, parse_hocr
from aims.admin.analysis.options import PageOptions
from aims.admin.analysis.recover import with_lost_lines
from aims.admin.analysis.tesseract import Layout, read_hocr

from .conftest import rasterise
from .layouts import Rule, Text, manual, paragraph

pytestmark = pytest.mark.slow

_OPTIONS = PageOptions()


def _page_image() -> Image.Image:
    page = [
        Text("1 Setup", 80, 72, 16, "sans-bold"),
        *paragraph(110, 3),
        Text("1.1 Install", 170, 72, 14, "sans-bold"),
        *paragraph(200, 3),
        Rule(72, 300, 520, 300),
        Rule(72, 304, 520, 304),
    ]
    return rasterise(manual([page]))[0]


def _read(image: Image.Image) -> list[OcrLine]:
    return parse_hocr(read_hocr(image, 300, _OPTIONS.tessdata, _OPTIONS.languages, Layout.PAGE))


def _read_line(image: Image.Image) -> str:
    return read_hocr(image, 300, _OPTIONS.tessdata, _OPTIONS.languages, Layout.LINE)


def _text(line: OcrLine) -> str:
    return " ".join(word.text for word in line.words)


def test_a_line_the_page_layout_lost_is_read_again() -> None:
    image = _page_image()
    lines = _read(image)
    lost = next(line for line in lines if _text(line) == "1.1 Install")
    kept = [line for line in lines if line is not lost]
    found = with_lost_lines(image, kept, _read_line)[len(kept) :]
    assert [_text(line) for line in found] == ["1.1 Install"]
    assert abs(found[0].bbox[1] - lost.bbox[1]) <= 0.2 * (lost.bbox[3] - lost.bbox[1])


def test_a_page_whose_lines_were_all_read_is_not_read_again() -> None:
    image = _page_image()
    lines = _read(image)
    assert with_lost_lines(image, lines, _read_line) == lines
