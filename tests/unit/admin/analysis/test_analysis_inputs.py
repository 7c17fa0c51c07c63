"""Input types are decided from the bytes, and refusals carry stable codes."""

from __future__ import annotations

import pytest

from aims.admin.analysis.errors import DocumentRejected
from aims.admin.analysis.inputs import Limits, check_page_count, check_size, sniff_media_type
from aims.admin.analysis.pipeline import analyse_page, check_input
from tests.support.hostile_files import cyclic_page_tree_pdf


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (b"II*\x00....", "image/tiff"),
        (b"MM\x00*....", "image/tiff"),
    ],
)
def test_media_type_comes_from_the_leading_bytes(head: bytes, media_type: str) -> None:
    assert sniff_media_type(head) == media_type


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"<html>not a document</html>", "unsupported_type"),
        (b"PK\x03\x04", "unsupported_type"),
    ],
)
def test_other_bytes_are_refused(data: bytes, code: str) -> None:
    with pytest.raises(DocumentRejected) as refused:
        sniff_media_type(data)
    assert refused.value.code == code


def test_files_over_the_byte_limit_are_refused() -> None:
    with pytest.raises(DocumentRejected) as refused:
        check_size(b"x" * 11, Limits(max_bytes=10))
    assert refused.value.code == "too_large"


def test_documents_over_the_page_limit_are_refused() -> None:
    with pytest.raises(DocumentRejected) as refused:
        check_page_count(501, Limits())
    assert refused.value.code == "too_many_pages"


def test_a_refusal_survives_pickling_between_processes() -> None:
    import pickle

    pickled = pickle.dumps(DocumentRejected("encrypted", "the PDF is encrypted"))
    error = pickle.loads(pickled)  # noqa: S301 - our own bytes
    assert (error.code, error.message) == ("encrypted", "the PDF is encrypted")


PDF_HEAD = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
ZIP_END = b"PK\x05\x06" + b"\x00" * 16 + b"\x00\x00"  # an end record without a comment


@pytest.mark.parametrize(
    "data",
    [
        PDF_HEAD + b"PK\x03\x04zipped" + ZIP_END,  # PDF followed by a ZIP archive
        b"PK\x03\x04" + ZIP_END[:-2] + b"\x2a\x00" + PDF_HEAD.ljust(42, b" "),  # ZIP, PDF comment
        b"\x89PNG\r\n\x1a\n...IEND" + PDF_HEAD,  # PNG followed by a PDF
        b"\xff\xd8\xff\xe0...\xff\xd9" + PDF_HEAD,  # JPEG followed by a PDF
        b"<html><script>alert(1)</script>" + PDF_HEAD,  # HTML before the PDF header
    ],
)
def test_a_file_that_is_also_another_file_is_refused(data: bytes) -> None:
    with pytest.raises(DocumentRejected) as refused:
        sniff_media_type(data)
    assert refused.value.code == "ambiguous_type"


@pytest.mark.parametrize(
    "data",
    [
        b"\r\n\xef\xbb\xbf" + PDF_HEAD,  # blanks and a byte-order mark before the header
        PDF_HEAD + b"stream PK\x05\x06 inside\n%%EOF\n",  # the record, but not closing the file
        PDF_HEAD + b"\xff\xd8\xff\xe0 an embedded JPEG",
    ],
)
def test_an_ordinary_pdf_is_not_taken_for_a_polyglot(data: bytes) -> None:
    assert sniff_media_type(data) == "application/pdf"


def test_a_pdf_whose_page_tree_is_a_cycle_is_refused_at_the_upload_check() -> None:
    with pytest.raises(DocumentRejected) as refused:
        check_input(cyclic_page_tree_pdf())
    assert (refused.value.code, refused.value.message) == (
        "corrupt",
        "page 2 of the PDF cannot be read",
    )


def test_a_page_that_cannot_be_loaded_is_a_refusal_not_an_error_to_retry() -> None:
    with pytest.raises(DocumentRejected) as refused:
        analyse_page(cyclic_page_tree_pdf(), 1)
    assert refused.value.code == "corrupt"
