"""Every refused upload is a 4xx problem document with its code, and leaves no row and no
file behind (the admin tables and the file store are listed before and after)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import pytest
from fpdf import FPDF
from PIL import Image

from tests.integration.admin.analysis.conftest import image_bytes
from tests.support.hostile_files import png_bomb

from .conftest import DocumentApi, row_counts, stored_files, text_pdf

LIMITS = {
    "document_max_bytes": 200_000,
    "document_max_pages": 3,
    "document_max_page_pixels": 2_000_000,
}


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "Confidential")
    return bytes(pdf.output())


HOSTILE = {
    "empty": (b"", 422, "empty"),
    "wrong type": ("第1章 総則\n".encode(), 415, "unsupported_type"),
    "too large": (b"%PDF-1.7\n" + b"0" * 250_000, 413, "too_large"),
    "too many pages": (text_pdf(pages=4), 413, "too_many_pages"),
    "page too large": (image_bytes(Image.new("L", (1500, 1500), 255)), 413, "page_too_large"),
    "decompression bomb": (png_bomb(20_000), 413, "page_too_large"),
    "encrypted": (encrypted_pdf(), 422, "encrypted"),
    "corrupt pdf": (text_pdf(pages=1)[:400], 422, "corrupt"),
    "corrupt png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 422, "corrupt"),
}


@pytest.fixture
async def limited(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]],
) -> DocumentApi:
    async with open_api(worker=False, **LIMITS) as api:
        yield api


async def test_every_hostile_file_is_refused_and_leaves_nothing_behind(
    limited: DocumentApi,
) -> None:
    database = limited.settings.database_url or ""
    assert len(HOSTILE["decompression bomb"][0]) < 100_000  # 400 megapixels, a few kilobytes
    rows_before, files_before = row_counts(database), stored_files(limited.files)
    answers = {}
    for case, (data, _, _) in HOSTILE.items():
        refused = await limited.upload(data, f"{case}.pdf")
        assert refused.headers["content-type"] == "application/problem+json", case
        answers[case] = (refused.status_code, refused.json()["code"])
        assert row_counts(database) == rows_before, case
        assert stored_files(limited.files) == files_before, case
    assert answers == {case: (status, code) for case, (_, status, code) in HOSTILE.items()}
    assert not list((limited.files / "incoming").glob("*"))


async def test_a_body_announced_above_the_limit_is_refused_before_it_is_read(
    limited: DocumentApi,
) -> None:
    refused = await limited.client.post(
        "/api/v1/admin/documents",
        content=b"x" * 10,
        headers=limited.admin
        | {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": "999999999"},
    )
    assert refused.status_code == 413


async def test_an_upload_without_a_file_names_the_field(limited: DocumentApi) -> None:
    refused = await limited.client.post(
        "/api/v1/admin/documents",
        data={"languages": "eng"},
        files={"other": ("a", b"a")},
        headers=limited.admin,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "file", "message": "required"}]


async def test_a_body_that_is_not_a_form_is_refused(limited: DocumentApi) -> None:
    refused = await limited.client.post(
        "/api/v1/admin/documents", content=b"%PDF-1.7", headers=limited.admin
    )
    assert refused.status_code == 415
    assert refused.json()["code"] == "invalid_upload"


async def test_unknown_ocr_languages_are_refused(limited: DocumentApi) -> None:
    for languages, message in (("klingon", "Not installed"), ("jpn;rm -rf", "such as jpn+eng")):
        refused = await limited.upload(text_pdf(pages=1), languages=languages)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "languages"
        assert message in refused.json()["detail"]
    assert row_counts(limited.settings.database_url or "")["documents"] == 0
    assert stored_files(limited.files) == []
