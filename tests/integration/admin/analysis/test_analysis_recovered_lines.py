"""Lines Tesseract's page layout loses are read again from the ink that no line covers."""

from __future__ import annotations

import pytest
from PIL import Image

from aims.admin.analysis.hocr import OcrLine, parse_hocr
from aims.admin.analysis.options import PageOptions
from aims.admin.analysis.recover import recovered_lines
from aims.admin.analysis.tesseract import run_tesseract

from .conftest import rasterise
from .layouts import Rule, Text, manual, paragraph

pytestmark = pytest.mark.slow

_OPTIONS = PageOptions()
_LINE = ("-l", _OPTIONS.languages, "--psm", "7", "--dpi", "300", "hocr")


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
    arguments = ("-l", _OPTIONS.languages, "--psm", "3", "--dpi", "300", "hocr")
    return parse_hocr(run_tesseract(image, _OPTIONS.tesseract_cmd, arguments))


def _text(line: OcrLine) -> str:
    return " ".join(word.text for word in line.words)


def test_a_line_the_page_layout_lost_is_read_again() -> None:
    image = _page_image()
    lines = _read(image)
    lost = next(line for line in lines if _text(line) == "1.1 Install")
    kept = [line for line in lines if line is not lost]
    found = recovered_lines(image, kept, _OPTIONS.tesseract_cmd, _LINE)
    assert [_text(line) for line in found] == ["1.1 Install"]
    assert abs(found[0].bbox[1] - lost.bbox[1]) <= 0.2 * (lost.bbox[3] - lost.bbox[1])


def test_a_page_whose_lines_were_all_read_is_not_read_again() -> None:
    image = _page_image()
    assert recovered_lines(image, _read(image), _OPTIONS.tesseract_cmd, _LINE) == []
