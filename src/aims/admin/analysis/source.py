"""Opened inputs (PDF or image) and the per-page stage: triage, text layer or OCR."""

from __future__ import annotations

import math
from typing import Protocol

import msgspec
import pypdfium2 as pdfium
from PIL import Image, ImageOps

from aims.admin.analysis.cjk import clean_line
from aims.admin.analysis.inputs import (
    PDF_MEDIA_TYPE,
    Limits,
    check_pdf_pages,
    open_image,
    open_pdf,
    unreadable_page,
)
from aims.admin.analysis.model import PageResult, TextLine
from aims.admin.analysis.ocr import ocr_page
from aims.admin.analysis.options import PageOptions
from aims.admin.analysis.outline import OutlineEntry, read_outline
from aims.admin.analysis.rulings import pdf_rulings
from aims.admin.analysis.runs import PdfChar
from aims.admin.analysis.scans import picture_bytes, scanned_picture
from aims.admin.analysis.textlayer import (
    figure_boxes,
    is_usable_text,
    lines_from_chars,
    read_chars,
    writing_mode_of,
)

_POINTS_PER_INCH = 72.0
_ASSUMED_IMAGE_DPI = 300.0
_MIN_STATED_DPI = 50.0


class OpenedDocument(Protocol):
    """An input whose pages can be analysed one at a time."""

    page_count: int

    def analyse_page(self, index: int, options: PageOptions) -> PageResult:
        """Triage and read one page (zero-based index)."""
        ...

    def outline(self) -> list[OutlineEntry]:
        """The document's bookmarks, if it has any."""
        ...

    def expected_work(self) -> list[float]:
        """A relative estimate of each page's analysis time (0 when nothing is known)."""
        ...

    def check_pages(self) -> None:
        """Refuse (DocumentRejected) an input that counts a page it cannot reach."""
        ...

    def close(self) -> None:
        """Release the underlying library objects."""
        ...


def open_document(data: bytes, media_type: str, limits: Limits) -> OpenedDocument:
    """Open checked bytes of a known media type."""
    if media_type == PDF_MEDIA_TYPE:
        return PdfDocumentSource(open_pdf(data), limits)
    return ImageDocumentSource(open_image(data, limits))


class PdfDocumentSource:
    """A PDF: text layer where usable, otherwise the rendered page is OCR'd."""

    def __init__(self, document: pdfium.PdfDocument, limits: Limits) -> None:
        self._document = document
        self._limits = limits
        self.page_count = len(document)

    def analyse_page(self, index: int, options: PageOptions) -> PageResult:
        """Use the page's text layer if it is usable, else OCR its picture or its rendering; a
        page pdfium cannot load is refused (it would fail again)."""
        try:
            page = self._document[index]
        except pdfium.PdfiumError as error:
            raise unreadable_page(index) from error
        try:
            chars = read_chars(page)
            if is_usable_text(chars):
                return _text_layer_result(index, page, chars)
            image, dpi = self._page_image(page, options)
        finally:
            page.close()
        return _ocr_result(index, image, dpi, options)

    def _page_image(self, page: pdfium.PdfPage, options: PageOptions) -> tuple[Image.Image, float]:
        """The scanned picture itself when the page is one, else the page rendered in grey."""
        limit = self._limits.max_page_pixels
        picture = scanned_picture(page, options.dpi, limit)
        if picture is not None:
            return picture
        width, height = page.get_size()
        dpi = _safe_dpi(width, height, options.dpi, limit)
        rendered = page.render(scale=dpi / _POINTS_PER_INCH, grayscale=True).to_pil()
        return rendered.convert("L"), dpi

    def outline(self) -> list[OutlineEntry]:
        """The PDF's bookmarks."""
        return read_outline(self._document)

    def expected_work(self) -> list[float]:
        """The size of each page's scanned picture, when the first page is a scan."""
        first = self._document[0]
        try:
            if picture_bytes(first) == 0:
                return [0.0] * self.page_count
        finally:
            first.close()
        return [float(self._picture_bytes(index)) for index in range(self.page_count)]

    def _picture_bytes(self, index: int) -> int:
        page = self._document[index]
        try:
            return picture_bytes(page)
        finally:
            page.close()

    def check_pages(self) -> None:
        """Every page the PDF counts is found in its page tree."""
        check_pdf_pages(self._document)

    def close(self) -> None:
        """Close the pdfium document."""
        self._document.close()


class ImageDocumentSource:
    """A PNG, JPEG or (multi-page) TIFF: every frame is OCR'd at its stated or assumed DPI."""

    def __init__(self, image: Image.Image) -> None:
        self._image = image
        self.page_count = getattr(image, "n_frames", 1)

    def analyse_page(self, index: int, options: PageOptions) -> PageResult:
        """OCR one frame."""
        self._image.seek(index)
        stated = self._image.info.get("dpi", (0, 0))[0]
        dpi = float(stated) if stated and stated >= _MIN_STATED_DPI else _ASSUMED_IMAGE_DPI
        return _ocr_result(index, _grey_on_white(self._image), dpi, options)

    def outline(self) -> list[OutlineEntry]:
        """Images carry no outline."""
        return []

    def expected_work(self) -> list[float]:
        """Frames of one image are alike: no estimate."""
        return [0.0] * self.page_count

    def check_pages(self) -> None:
        """An image's frames were all decoded when it was checked."""

    def close(self) -> None:
        """Close the image file."""
        self._image.close()


def _text_layer_result(index: int, page: pdfium.PdfPage, chars: list[PdfChar]) -> PageResult:
    width, height = page.get_size()
    lines = [
        msgspec.structs.replace(line, text=clean_line(line.text))
        for line in lines_from_chars(chars)
    ]
    return PageResult(
        number=index + 1,
        width=width,
        height=height,
        text_source="text_layer",
        writing_mode=writing_mode_of(lines),
        lines=tuple(lines),
        figures=tuple(figure_boxes(page)),
        rulings=tuple(pdf_rulings(page)),
    )


def _grey_on_white(image: Image.Image) -> Image.Image:
    """The frame upright (EXIF), transparent parts white, in greyscale."""
    upright = ImageOps.exif_transpose(image)
    if "A" in upright.getbands() or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        upright = Image.alpha_composite(white, rgba)
    return upright.convert("L")


def _safe_dpi(width: float, height: float, dpi: int, max_pixels: int) -> float:
    """The requested DPI, lowered if the rendered page would exceed the pixel limit."""
    fitting = _POINTS_PER_INCH * math.sqrt(max_pixels / max(width * height, 1.0))
    return min(float(dpi), fitting)


def _ocr_result(index: int, image: Image.Image, dpi: float, options: PageOptions) -> PageResult:
    reading = ocr_page(image, dpi, options)
    lines: tuple[TextLine, ...] = reading.lines
    return PageResult(
        number=index + 1,
        width=reading.width,
        height=reading.height,
        text_source="ocr" if lines else "none",
        writing_mode=reading.writing_mode,
        rotation=reading.rotation,
        languages=reading.languages,
        ocr_confidence=reading.confidence,
        lines=lines,
        rulings=reading.rulings,
    )
