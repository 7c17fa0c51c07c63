"""Re-reading a line the page layout lost: which part of the page is read again."""

from __future__ import annotations

from PIL import Image, ImageDraw

from aims.admin.analysis.hocr import OcrLine, OcrWord
from aims.admin.analysis.model import BBox
from aims.admin.analysis.recover import with_lost_lines

_READ: BBox = (100.0, 60.0, 700.0, 110.0)  # a line Tesseract read
_BASE: BBox = (100.0, 200.0, 700.0, 250.0)  # a heading it lost, 50 px tall
_READING: BBox = (120.0, 170.0, 300.0, 188.0)  # small readings (ruby) above the heading


def _page() -> Image.Image:
    image = Image.new("L", (800, 400), 255)
    draw = ImageDraw.Draw(image)
    for box in (_READ, _BASE, _READING):
        draw.rectangle(box, fill=0)
    return image


def _read_line() -> OcrLine:
    return OcrLine(bbox=_READ, x_size=40.0, words=(OcrWord("Body", _READ, 0.93),))


class _Reader:
    """Answers like Tesseract would, and notes the size of every image it was given."""

    def __init__(self, confidence: int) -> None:
        self.confidence = confidence
        self.sizes: list[tuple[int, int]] = []

    def __call__(self, image: Image.Image) -> str:
        self.sizes.append(image.size)
        width, height = image.size
        return (
            f"<div class='ocr_page' title='bbox 0 0 {width} {height}'>"
            f"<span class='ocr_line' title='bbox 0 0 {width} {height}; x_size 40'>"
            f"<span class='ocrx_word' title='bbox 0 0 {width} {height}; "
            f"x_wconf {self.confidence}'>1.1 用語</span></span></div>"
        )


def test_a_lost_heading_is_read_again_without_its_readings() -> None:
    reader = _Reader(confidence=92)
    read = _read_line()
    lines = with_lost_lines(_page(), [read], reader)
    assert lines[0] == read
    assert [word.text for line in lines[1:] for word in line.words] == ["1.1 用語"]
    assert len(reader.sizes) == 1
    assert reader.sizes[0][1] < (_BASE[3] - _BASE[1]) * 1.7  # the base line and a margin


def test_an_unclear_reading_adds_nothing() -> None:
    read = _read_line()
    assert with_lost_lines(_page(), [read], _Reader(confidence=60)) == [read]
