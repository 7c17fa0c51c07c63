"""Hostile upload files, made on the spot: broken, truncated, oversized, nested and polyglot
PDFs and images (fpdf2 and Pillow, plus a few hand-written headers)."""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib

from fpdf import FPDF
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def small_pdf(pages: int = 1, attachment: bytes | None = None) -> bytes:
    """A born-digital PDF with a line of text per page, optionally carrying an attached file."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.text(20, 20, f"Page {number} of a small document")
    if attachment is not None:
        pdf.embed_file(bytes=attachment, basename="inner.pdf")
    return bytes(pdf.output())


def image(kind: str = "PNG", size: tuple[int, int] = (64, 64), frames: int = 1) -> bytes:
    """A blank greyscale image, multi-frame when asked (TIFF)."""
    pictures = [Image.new("L", size, 255) for _ in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format=kind, save_all=frames > 1, append_images=pictures[1:])
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims the given size, with almost no pixel data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


@functools.cache  # seconds of CPU to deflate; two test modules send the same bytes
def png_bomb(side: int) -> bytes:
    """A real, fully decodable 1-bit PNG of side x side pixels: a few kilobytes that decode to
    side² pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (side, side), 1).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    """A JPEG whose frame header claims the given size."""
    data = image("JPEG", (16, 16))
    frame = data.index(b"\xff\xc0")
    return data[: frame + 5] + struct.pack(">HH", height, width) + data[frame + 9 :]


def tiff_declaring(width: int, height: int) -> bytes:
    """A TIFF whose first directory claims the given size."""
    data = bytearray(image("TIFF", (8, 8)))
    (directory,) = struct.unpack_from("<I", data, 4)
    (entries,) = struct.unpack_from("<H", data, directory)
    for index in range(entries):
        at = directory + 2 + 12 * index
        tag, kind = struct.unpack_from("<HH", data, at)
        if tag in (256, 257):  # ImageWidth, ImageLength
            value = width if tag == 256 else height
            packed = struct.pack("<I", value) if kind == 4 else struct.pack("<HH", value, 0)
            data[at + 8 : at + 12] = packed
    return bytes(data)


def zip_of(name: str, content: bytes, comment: bytes = b"") -> bytes:
    """A deflated ZIP archive holding one file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
        archive.comment = comment
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """About 50 KB of ZIP that inflates to 50 MB, named like a PDF inside."""
    return zip_of("report.pdf", b"%PDF-1.7\n" + b"\x00" * 50_000_000)


def truncations(data: bytes) -> dict[str, bytes]:
    """The file cut after its signature, and in the middle."""
    return {"head": data[:12], "half": data[: len(data) // 2]}


def mutations(data: bytes, count: int, seed: int) -> list[bytes]:
    """Copies of the bytes with a few random bytes overwritten (deterministic for a seed)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible damage, not a secret
    mutated = []
    for _ in range(count):
        copy = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            copy[rng.randrange(len(copy))] = rng.randrange(256)
        mutated.append(bytes(copy))
    return mutated


def handwritten_pdf(objects: list[bytes]) -> bytes:
    """A PDF written byte by byte: `objects` numbered from 1 (the first is the catalogue),
    with a correct cross-reference table, so only what the objects say is hostile."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


CATALOGUE = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>"


def cyclic_page_tree_pdf() -> bytes:
    """A PDF counting two pages whose page tree holds a page and, as its second kid, itself."""
    return handwritten_pdf(
        [CATALOGUE, b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>", PAGE % b""]
    )


def flate_bomb_pdf(inflated_bytes: int) -> bytes:
    """A one-page PDF whose content stream, a few kilobytes deflated, inflates to about
    `inflated_bytes` of tiny filled rectangles (each one an object to the PDF reader)."""
    operator = b"0 0 1 1 re f\n"
    packed = zlib.compress(operator * (inflated_bytes // len(operator)), 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(packed),
        packed,
    )
    return handwritten_pdf(
        [
            CATALOGUE,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % b"/Contents 4 0 R ",
            stream,
        ]
    )
