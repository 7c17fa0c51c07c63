"""Scanned PDF pages: a page that is one upright full-page picture is OCR'd from that picture."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

_POINTS_PER_INCH = 72.0
_COVERED_SHARE = 0.98
_PLAIN_COLOUR_SPACES = (
    pdfium_c.FPDF_COLORSPACE_DEVICEGRAY,
    pdfium_c.FPDF_COLORSPACE_DEVICERGB,
    pdfium_c.FPDF_COLORSPACE_ICCBASED,
)
_PLAIN_DEPTHS = (8, 24)
_JPEG = "DCTDecode"
_LOWEST_SHARE, _HIGHEST_SHARE = 0.5, 1.25


def scanned_picture(
    page: pdfium.PdfPage, wanted_dpi: float, max_pixels: int
) -> tuple[Image.Image, float] | None:
    """The page's picture in greyscale and its resolution, or None when the page must be rendered.

    Decoding the embedded picture is much cheaper than rendering the page. It is done for what
    scanners produce: an upright, unmasked grey or colour JPEG at about the wanted DPI (other
    pictures are rendered, as before).
    """
    if page.get_rotation() != 0:
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    picture = objects[0]
    dpi = _upright_dpi(page, picture)
    metadata = picture.get_metadata()
    plain = (
        metadata.colorspace in _PLAIN_COLOUR_SPACES
        and metadata.bits_per_pixel in _PLAIN_DEPTHS
        and picture.get_filters() == [_JPEG]
    )
    width, height = picture.get_px_size()
    fitting = dpi is not None and _LOWEST_SHARE <= dpi / wanted_dpi <= _HIGHEST_SHARE
    if dpi is None or not plain or not fitting or width * height > max_pixels:
        return None
    try:
        image = picture.get_bitmap(render=False).to_pil()
    except (pdfium.PdfiumError, ValueError, OSError):
        return None
    return image.convert("L"), dpi


def picture_bytes(page: pdfium.PdfPage) -> int:
    """Encoded size of the page's picture when the page is one picture (a scan), else 0.

    A scan with more ink takes Tesseract longer; the size of its encoded picture tells ahead of
    time which pages will take longest, so that they can be started first.
    """
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return 0
    size: int = pdfium_c.FPDFImageObj_GetImageDataRaw(objects[0].raw, None, 0)
    return size


def _upright_dpi(page: pdfium.PdfPage, picture: pdfium.PdfImage) -> float | None:
    """The picture's resolution when it is drawn upright over the whole page, else None."""
    a, b, c, d, _, _ = picture.get_matrix().get()
    page_width, page_height = page.get_size()
    covers = a >= _COVERED_SHARE * page_width and d >= _COVERED_SHARE * page_height
    if b != 0 or c != 0 or not covers:
        return None
    return float(picture.get_px_size()[0]) / (float(a) / _POINTS_PER_INCH)
