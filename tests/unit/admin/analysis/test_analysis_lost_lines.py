"""Re-reading lost and garbled lines: which part of the page is read again, and how."""

from __future__ import annotations

from PIL import Image, ImageDraw

from aims.admin.analysis.hocr import OcrLine, OcrWord
from aims.admin.analysis.recover import with_lost_lines

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
    """Answers like Tesseract would, and notes the size of every image it was given."""

    def __init__(self, confidence: int) -> None:
        self.confidence = confidence
        self.sizes: list[tuple[int, int]] = []

    def __call__(self, image: Image.Image) -> str:
        self.sizes.append(image.size)
        return _hocr("1.1 用語", *image.size, confidence=self.confidence)


def test_a_garbled_heading_is_read_again_without_its_readings() -> None:
    reader = _Reader(confidence=92)
    lines = with_lost_lines(_page(), [_garbled()], reader)
    assert [word.text for line in lines for word in line.words] == ["1.1 用語"]
    tallest_crop = max(height for _, height in reader.sizes)
    assert tallest_crop < (_BASE[3] - _BASE[1]) * 1.7  # the base line and a margin, no ruby


def test_an_unclear_second_reading_keeps_the_first() -> None:
    garbled = _garbled()
    assert with_lost_lines(_page(), [garbled], _Reader(confidence=60)) == [garbled]


def test_a_clear_line_is_not_read_again() -> None:
    clear = OcrLine(bbox=_BASE, x_size=60.0, words=(OcrWord("1.1 用語", _BASE, 0.93),))
    reader = _Reader(confidence=92)
    lines = [clear, OcrLine(bbox=_READING, x_size=20.0, words=(OcrWord("ようご", _READING, 0.9),))]
    assert with_lost_lines(_page(), lines, reader) == lines
    assert reader.sizes == []
