"""Stroke thickness of printed text, a measure of boldness for OCR'd lines."""

from __future__ import annotations

from PIL import Image, ImageChops

from aims.admin.analysis.model import BBox

_INK_THRESHOLD = 128


class StrokeMeter:
    """Measures the mean horizontal run length of ink inside boxes of one page image."""

    def __init__(self, image: Image.Image) -> None:
        self._ink = image.point(lambda value: 255 if value < _INK_THRESHOLD else 0)
        shifted = ImageChops.offset(self._ink, 1, 0)
        self._run_starts = ImageChops.subtract(self._ink, shifted)

    def relative_stroke(self, box: BBox, size: float) -> float:
        """Mean ink run length in the box divided by the text size (both in pixels)."""
        ink = self._ink.crop(box).histogram()[255]
        runs = self._run_starts.crop(box).histogram()[255]
        if not runs or size <= 0:
            return 0.0
        return ink / runs / size
