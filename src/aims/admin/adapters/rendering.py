"""Page images for the console: a PDF page or an image frame as PNG, at display size."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from aims.admin.analysis.inputs import unreadable_page
from aims.admin.domain.files import PAGE_IMAGE_DPI, PAGE_IMAGE_MAX_SIDE

_POINTS_PER_INCH = 72.0


def render_page_png(path: Path, media_type: str, page: int, max_pixels: int) -> bytes:
    """Page `page` (1-based) of a checked file, upright, its longest side at most
    `PAGE_IMAGE_MAX_SIDE` pixels."""
    image = (
        _pdf_page(path, page) if media_type == "application/pdf" else _frame(path, page, max_pixels)
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf_page(path: Path, page: int) -> Image.Image:
    document = pdfium.PdfDocument(path)
    try:
        pdf_page = _load(document, page)
        width, height = pdf_page.get_size()
        scale = min(PAGE_IMAGE_DPI / _POINTS_PER_INCH, PAGE_IMAGE_MAX_SIDE / max(width, height, 1))
        image: Image.Image = pdf_page.render(scale=scale).to_pil()
        pdf_page.close()
    finally:
        document.close()
    return image


def _load(document: pdfium.PdfDocument, page: int) -> pdfium.PdfPage:
    try:
        return document[page - 1]
    except pdfium.PdfiumError as error:
        raise unreadable_page(page - 1) from error


def _frame(path: Path, page: int, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels
    with Image.open(path) as file:
        file.seek(page - 1)
        upright = ImageOps.exif_transpose(file)
        image = upright.convert(_display_mode(upright))
    image.thumbnail((PAGE_IMAGE_MAX_SIDE, PAGE_IMAGE_MAX_SIDE))
    return image


def _display_mode(image: Image.Image) -> str:
    if "A" in image.getbands():
        return "RGBA"
    return "L" if image.mode in ("1", "L") else "RGB"
