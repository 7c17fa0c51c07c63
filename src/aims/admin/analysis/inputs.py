"""Input checks: the media type sniffed from the bytes, size and page limits, refusals."""

from __future__ import annotations

import contextlib
import io
import struct
import warnings
from collections.abc import Iterator

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
_PDF_HEADER = b"%PDF-"
_PDF_HEADER_WINDOW = 1024
_PDF_PREFIX_ALLOWED = b" \t\r\n\x00\xef\xbb\xbf"
_ZIP_END = b"PK\x05\x06"
_ZIP_END_SIZE = 22
_ZIP_END_WINDOW = _ZIP_END_SIZE + 0xFFFF


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    """What the engine accepts; the defaults follow SPEC §5."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_page_pixels: int = 40_000_000


def sniff_media_type(data: bytes) -> str:
    """Return the media type that the leading bytes announce, or refuse the input."""
    if not data:
        raise DocumentRejected("empty", "the file is empty")
    media_type = _leading_type(data)
    if _is_polyglot(data, media_type):
        raise DocumentRejected(
            "ambiguous_type", "the file is more than one kind of file (e.g. a PDF and a ZIP)"
        )
    return media_type


def _leading_type(data: bytes) -> str:
    """The type the first bytes announce; a PDF header may follow blanks (as readers allow)."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data.lstrip(_PDF_PREFIX_ALLOWED)[: len(_PDF_HEADER)] == _PDF_HEADER:
        return PDF_MEDIA_TYPE
    if _PDF_HEADER in data[:_PDF_HEADER_WINDOW]:
        raise DocumentRejected("ambiguous_type", "the PDF header follows other content")
    raise DocumentRejected("unsupported_type", "not a PDF, PNG, JPEG or TIFF file")


def _is_polyglot(data: bytes, media_type: str) -> bool:
    """Whether the bytes are also another file: a ZIP archive (its end record closes the
    file), or, for an image, a PDF that lenient readers find inside it."""
    return _ends_as_zip(data) or (media_type != PDF_MEDIA_TYPE and _PDF_HEADER in data)


def _ends_as_zip(data: bytes) -> bool:
    """Whether a ZIP end-of-archive record, whose comment runs exactly to the end, closes
    the bytes (what every ZIP reader looks for)."""
    tail_start = max(0, len(data) - _ZIP_END_WINDOW)
    at = data.rfind(_ZIP_END, tail_start)
    while at >= 0:
        if at + _ZIP_END_SIZE <= len(data):
            (comment_length,) = struct.unpack_from("<H", data, at + _ZIP_END_SIZE - 2)
            if at + _ZIP_END_SIZE + comment_length == len(data):
                return True
        at = data.rfind(_ZIP_END, tail_start, at)
    return False


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
    """Open PDF bytes, turning pdfium failures into refusals; a PDF carrying attached files
    (other PDFs, archives) is refused: only pages are analysed, and nothing hidden is kept."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == _PDF_PASSWORD_ERROR:
            raise DocumentRejected("encrypted", "the PDF is encrypted") from error
        raise DocumentRejected("corrupt", "the PDF cannot be read") from error
    if document.count_attachments():
        document.close()
        raise DocumentRejected("embedded_files", "the PDF carries attached files")
    return document


def check_pdf_pages(document: pdfium.PdfDocument) -> None:
    """Refuse a PDF whose page tree does not lead to every page it counts (a cycle, a missing
    or broken page): each page's dictionary is looked up, its content is not read."""
    for index in range(len(document)):
        try:
            document.get_page_size(index)
        except pdfium.PdfiumError as error:
            raise unreadable_page(index) from error


def unreadable_page(index: int) -> DocumentRejected:
    """The refusal of a PDF page (zero-based `index`) that cannot be loaded."""
    return DocumentRejected("corrupt", f"page {index + 1} of the PDF cannot be read")


def open_image(data: bytes, limits: Limits) -> Image.Image:
    """Open image bytes lazily and check every frame's size against the limits."""
    Image.MAX_IMAGE_PIXELS = limits.max_page_pixels
    with _image_refusals():
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        check_page_count(frames, limits)
        for index in range(frames):
            image.seek(index)
            check_page_pixels(image.width, image.height, limits)
        image.seek(0)
    return image


def decode_image(data: bytes, limits: Limits) -> None:
    """Decode every frame once, so that a truncated or damaged image is refused at the upload
    rather than failing its job later."""
    with _image_refusals(), open_image(data, limits) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            image.load()


@contextlib.contextmanager
def _image_refusals() -> Iterator[None]:
    """Pillow's failures on hostile bytes as refusals: bombs, and anything else it raises
    (OSError, but also TypeError, KeyError or struct.error on damaged TIFF directories)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except DocumentRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DocumentRejected("page_too_large", "the image is too large to decode") from error
    except Exception as error:
        raise DocumentRejected("corrupt", "the image cannot be read") from error
