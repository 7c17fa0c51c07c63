"""Input checks: the media type sniffed from the bytes, size and page limits, refusals."""

from __future__ import annotations

import io
import warnings

import msgspec
import pypdfium2 as pdfium
from PIL import Image

from aims.admin.analysis.errors import DocumentRejected

PDF_MEDIA_TYPE = "application/pdf"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF_MEDIA_TYPE),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_PDF_PASSWORD_ERROR = 4


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    """What the engine accepts; the defaults follow SPEC §5."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_page_pixels: int = 40_000_000


def sniff_media_type(data: bytes) -> str:
    """Return the media type that the leading bytes announce, or refuse the input."""
    if not data:
        raise DocumentRejected("empty", "the file is empty")
    head = data[:1024]
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature) or (media_type == PDF_MEDIA_TYPE and signature in head):
            return media_type
    raise DocumentRejected("unsupported_type", "not a PDF, PNG, JPEG or TIFF file")


def check_size(data: bytes, limits: Limits) -> None:
    """Refuse inputs above the byte limit."""
    if len(data) > limits.max_bytes:
        raise DocumentRejected(
            "too_large", f"the file has {len(data)} bytes, the limit is {limits.max_bytes}"
        )


def check_page_count(count: int, limits: Limits) -> None:
    """Refuse documents with no pages or more pages than allowed."""
    if count < 1:
        raise DocumentRejected("corrupt", "the document has no pages")
    if count > limits.max_pages:
        raise DocumentRejected(
            "too_many_pages", f"the document has {count} pages, the limit is {limits.max_pages}"
        )


def check_page_pixels(width: int, height: int, limits: Limits) -> None:
    """Refuse page images bigger than the pixel limit (decompression bombs)."""
    if width * height > limits.max_page_pixels:
        raise DocumentRejected(
            "page_too_large",
            f"a page has {width}x{height} pixels, the limit is {limits.max_page_pixels}",
        )


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes, turning pdfium failures into refusals."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == _PDF_PASSWORD_ERROR:
            raise DocumentRejected("encrypted", "the PDF is encrypted") from error
        raise DocumentRejected("corrupt", "the PDF cannot be read") from error


def open_image(data: bytes, limits: Limits) -> Image.Image:
    """Open image bytes lazily and check every frame's size against the limits."""
    Image.MAX_IMAGE_PIXELS = limits.max_page_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
            check_page_count(frames, limits)
            for index in range(frames):
                image.seek(index)
                check_page_pixels(image.width, image.height, limits)
            image.seek(0)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DocumentRejected("page_too_large", "the image is too large to decode") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise DocumentRejected("corrupt", "the image cannot be read") from error
    return image
