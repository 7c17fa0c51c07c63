"""Re-reading lost and garbled lines: which part of the page is read again, and how."""

from __future__ import annotations

from PIL import Image, ImageDraw

from aims.admin.analysis.hocr import OcrLine, OcrWord
from aims.admin.analysis.recover import with_lost_lines
from aims.admin.analysis.tesseract import Layout

_BASE = (100, 200, 700, 260)  # a heading's ink, 60 px tall
_READING = (120, 170, 300, 190)  # small readings (ruby) above it


def _page() -> Image.Image:
    image = Image.new("L", (800, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle(_BASE, fill=0)
    draw.rectangle(_READING, fill=0)
    return image


def _garbled() -> OcrLine:
    box = (100.0, 170.0, 700.0, 260.0)
    return OcrLine(bbox=box, x_size=60.0, words=(OcrWord("vag", box, 0.2),))


def _hocr(text: str, width: int, height: int, confidence: int) -> str:
    return (
        f"<div class='ocr_page' title='bbox 0 0 {width} {height}'>"
        f"<span class='ocr_line' title='bbox 0 0 {width} {height}; x_size 40'>"
        f"<span class='ocrx_word' title='bbox 0 0 {width} {height}; x_wconf {confidence}'>"
        f"{text}</span></span></div>"
    )


class _Reader:
    """Answers like Tesseract would: nothing as a line, the heading as a raw line."""

    def __init__(self) -> None:
        self.calls: list[tuple[Layout, tuple[int, int]]] = []

    def __call__(self, image: Image.Image, layout: Layout) -> str:
        self.calls.append((layout, image.size))
        if layout is Layout.LINE:
            return "<div class='ocr_page' title='bbox 0 0 1 1'></div>"
        return _hocr("1.1 用語", *image.size, confidence=92)


def test_a_garbled_heading_is_read_again_without_its_readings() -> None:
    reader = _Reader()
    lines = with_lost_lines(_page(), [_garbled()], reader)
    assert [word.text for line in lines for word in line.words] == ["1.1 用語"]
    tallest_crop = max(size[1] for _, size in reader.calls)
    assert tallest_crop < (_BASE[3] - _BASE[1]) * 1.7  # the base line and a margin, no ruby


def test_a_band_that_reads_as_nothing_is_tried_as_a_raw_line() -> None:
    reader = _Reader()
    with_lost_lines(_page(), [_garbled()], reader)
    assert [layout for layout, _ in reader.calls] == [Layout.LINE, Layout.RAW_LINE]


def test_an_unclear_second_reading_keeps_the_first() -> None:
    def unsure(image: Image.Image, layout: Layout) -> str:
        return _hocr("11 BS", *image.size, confidence=60)

    garbled = _garbled()
    assert with_lost_lines(_page(), [garbled], unsure) == [garbled]
