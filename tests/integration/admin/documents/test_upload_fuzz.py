"""Hostile uploads through POST /api/v1/admin/documents: malformed, truncated, oversized,
nested and polyglot files, wrong names and content types, broken forms. Each is answered with
a 4xx problem document and its code, and leaves no row, no stored file and no spooled file."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest

from tests.support import hostile_files as hostile

from .conftest import DocumentApi, row_counts, stored_files

LIMITS = {
    "document_max_bytes": 200_000,
    "document_max_pages": 3,
    "document_max_page_pixels": 2_000_000,
}
PDF = hostile.small_pdf()
PNG = hostile.image("PNG")
JPEG = hostile.image("JPEG")
TIFF = hostile.image("TIFF")

# name: (file bytes, file name, part content type, status, code)
Case = tuple[bytes, str, str, int, str]
HOSTILE: dict[str, Case] = {
    "zero bytes": (b"", "empty.pdf", "application/pdf", 422, "empty"),
    "pdf header only": (b"%PDF-1.7\n", "a.pdf", "application/pdf", 422, "corrupt"),
    "pdf without xref": (
        b"%PDF-1.4\n1 0 obj<<>>endobj\n",
        "a.pdf",
        "application/pdf",
        422,
        "corrupt",
    ),
    "pdf whose page tree is a cycle": (
        hostile.cyclic_page_tree_pdf(),
        "cycle.pdf",
        "application/pdf",
        422,
        "corrupt",
    ),
    "pdf nested arrays": (
        b"%PDF-1.7\n1 0 obj\n" + b"[" * 100_000 + b"\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF",
        "deep.pdf",
        "application/pdf",
        422,
        "corrupt",
    ),
    "pdf over the byte limit": (
        PDF + b"%" * 200_000,
        "big.pdf",
        "application/pdf",
        413,
        "too_large",
    ),
    "pdf over the page limit": (
        hostile.small_pdf(pages=4),
        "a.pdf",
        "application/pdf",
        413,
        "too_many_pages",
    ),
    "pdf in pdf": (
        hostile.small_pdf(attachment=PDF),
        "a.pdf",
        "application/pdf",
        422,
        "embedded_files",
    ),
    "pdf followed by a zip": (
        PDF + hostile.zip_of("x.txt", b"hidden"),
        "a.pdf",
        "application/pdf",
        415,
        "ambiguous_type",
    ),
    "zip whose comment is a pdf": (
        hostile.zip_of("x.txt", b"x", comment=PDF[:60_000]),
        "a.pdf",
        "application/pdf",
        415,
        "ambiguous_type",
    ),
    "png followed by a pdf": (PNG + PDF, "a.png", "image/png", 415, "ambiguous_type"),
    "jpeg followed by a pdf": (JPEG + PDF, "a.jpg", "image/jpeg", 415, "ambiguous_type"),
    "html before a pdf": (
        b"<html><script>alert(1)</script>" + PDF,
        "a.pdf",
        "application/pdf",
        415,
        "ambiguous_type",
    ),
    "zip of a pdf": (
        hostile.zip_of("a.pdf", PDF),
        "a.pdf",
        "application/pdf",
        415,
        "unsupported_type",
    ),
    "zip bomb": (hostile.zip_bomb(), "a.pdf", "application/pdf", 415, "unsupported_type"),
    "png bomb": (hostile.png_bomb(20_000), "a.png", "image/png", 413, "page_too_large"),
    "png declaring 100000²": (
        hostile.png_declaring(100_000, 100_000),
        "a.png",
        "image/png",
        413,
        "page_too_large",
    ),
    "png declaring 2³¹-1 x 1": (
        hostile.png_declaring(2**31 - 1, 1),
        "a.png",
        "image/png",
        413,
        "page_too_large",
    ),
    "jpeg declaring 65000²": (
        hostile.jpeg_declaring(65_000, 65_000),
        "a.jpg",
        "image/jpeg",
        413,
        "page_too_large",
    ),
    "tiff declaring 60000²": (
        hostile.tiff_declaring(60_000, 60_000),
        "a.tif",
        "image/tiff",
        413,
        "page_too_large",
    ),
    "tiff over the page limit": (
        hostile.image("TIFF", (8, 8), frames=4),
        "a.tif",
        "image/tiff",
        413,
        "too_many_pages",
    ),
    "multi-page tiff cut in a directory": (
        hostile.image("TIFF", (8, 8), frames=3)[:300],
        "a.tif",
        "image/tiff",
        422,
        "corrupt",
    ),
    "gif named png": (hostile.image("GIF"), "a.png", "image/png", 415, "unsupported_type"),
    "svg with script named png": (
        b"<svg onload='alert(1)'/>",
        "a.png",
        "image/png",
        415,
        "unsupported_type",
    ),
    "windows program named pdf": (
        b"MZ\x90\x00" + b"\x00" * 60,
        "a.pdf",
        "application/pdf",
        415,
        "unsupported_type",
    ),
    "text named pdf": (
        "第1章 総則\n".encode(),
        "規程.pdf",
        "application/pdf",
        415,
        "unsupported_type",
    ),
}
HOSTILE |= {
    f"{kind} truncated at the {cut}": (
        piece,
        f"cut.{kind}",
        "application/octet-stream",
        422,
        "corrupt",
    )
    for kind, data in (("pdf", PDF), ("png", PNG), ("jpeg", JPEG), ("tiff", TIFF))
    for cut, piece in hostile.truncations(data).items()
}


@pytest.fixture
async def limited(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]],
) -> AsyncIterator[DocumentApi]:
    async with open_api(worker=False, **LIMITS) as api:
        yield api


def assert_nothing_left(api: DocumentApi, rows: dict[str, int], files: list[str]) -> None:
    assert row_counts(api.settings.database_url or "") == rows
    assert stored_files(api.files) == files
    assert not list((api.files / "incoming").glob("*"))


def assert_problem(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.headers["content-type"] == "application/problem+json"
    assert (answer.status_code, answer.json()["code"]) == (status, code)


async def test_every_hostile_file_is_refused_with_its_code_and_leaves_nothing(
    limited: DocumentApi,
) -> None:
    rows, files = row_counts(limited.settings.database_url or ""), stored_files(limited.files)
    answers = {}
    for case, (data, name, media_type, _, _) in HOSTILE.items():
        refused = await limited.client.post(
            "/api/v1/admin/documents",
            files={"file": (name, data, media_type)},
            headers=limited.admin,
        )
        assert refused.headers["content-type"] == "application/problem+json", case
        answers[case] = (refused.status_code, refused.json()["code"])
        assert_nothing_left(limited, rows, files)
    assert answers == {case: (status, code) for case, (*_, status, code) in HOSTILE.items()}


async def test_randomly_damaged_files_are_accepted_or_refused_but_never_crash(
    limited: DocumentApi,
) -> None:
    """Byte flips in each accepted type: pdfium and Pillow may repair a file (202) or refuse it
    (4xx with nothing left); the server never answers 5xx."""
    for kind, data in (("pdf", PDF), ("png", PNG), ("jpeg", JPEG), ("tiff", TIFF)):
        for number, damaged in enumerate(hostile.mutations(data, count=6, seed=len(kind))):
            rows = row_counts(limited.settings.database_url or "")
            files = stored_files(limited.files)
            answer = await limited.upload(damaged, f"{kind}-{number}", allow_duplicate="true")
            assert answer.status_code == 202 or 400 <= answer.status_code < 500, (kind, number)
            if answer.status_code != 202:
                assert answer.headers["content-type"] == "application/problem+json"
                assert_nothing_left(limited, rows, files)


BROKEN_FORMS: dict[str, tuple[bytes, str, int, str]] = {
    "no closing boundary": (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n' + PDF,
        "multipart/form-data; boundary=b",
        400,
        "invalid_upload",
    ),
    "other boundary than announced": (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
        + PDF
        + b"\r\n--x--\r\n",
        "multipart/form-data; boundary=b",
        400,
        "invalid_upload",
    ),
    "no boundary": (PDF, "multipart/form-data", 415, "invalid_upload"),
    "json instead of a form": (b'{"file": "a.pdf"}', "application/json", 415, "invalid_upload"),
    "pdf sent raw": (PDF, "application/pdf", 415, "invalid_upload"),
    "too many parts": (
        b"".join(
            b'--b\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nx\r\n' % n for n in range(20)
        )
        + b"--b--\r\n",
        "multipart/form-data; boundary=b",
        413,
        "invalid_upload",
    ),
    "field over 1 KiB": (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
        + PDF
        + b'\r\n--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n'
        + b"n" * 2000
        + b"\r\n--b--\r\n",
        "multipart/form-data; boundary=b",
        400,
        "invalid_upload",
    ),
    "NUL in a text field": (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
        + PDF
        + b'\r\n--b\r\nContent-Disposition: form-data; name="allow_duplicate"\r\n\r\nyes\x00'
        + b"\r\n--b--\r\n",
        "multipart/form-data; boundary=b",
        400,
        "invalid_upload",
    ),
    "unknown field": (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
        + PDF
        + b'\r\n--b\r\nContent-Disposition: form-data; name="owner"\r\n\r\nroot'
        + b"\r\n--b--\r\n",
        "multipart/form-data; boundary=b",
        422,
        "validation_failed",
    ),
    "header line without end": (
        b"--b\r\nContent-Disposition: form-data; name=" + b"f" * 100_000,
        "multipart/form-data; boundary=b",
        413,
        "invalid_upload",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_FORMS))
async def test_a_broken_form_is_refused_and_leaves_nothing(limited: DocumentApi, case: str) -> None:
    body, content_type, status, code = BROKEN_FORMS[case]
    rows, files = row_counts(limited.settings.database_url or ""), stored_files(limited.files)
    refused = await limited.client.post(
        "/api/v1/admin/documents",
        content=body,
        headers=limited.admin | {"Content-Type": content_type},
    )
    assert_problem(refused, status, code)
    assert_nothing_left(limited, rows, files)


async def test_a_nul_in_a_text_field_is_refused_naming_the_field(limited: DocumentApi) -> None:
    rows, files = row_counts(limited.settings.database_url or ""), stored_files(limited.files)
    refused = await limited.upload(PDF, "a.pdf", languages="eng\x00")
    assert_problem(refused, 400, "invalid_upload")
    assert [error["field"] for error in refused.json()["errors"]] == ["languages"]
    assert_nothing_left(limited, rows, files)


@pytest.mark.parametrize("value", ["maybe", "2", "tru", "on on"])
async def test_a_yes_no_field_that_is_neither_is_refused_naming_it(
    limited: DocumentApi, value: str
) -> None:
    """It was read as "no": a file already stored was refused as a duplicate, or stored."""
    rows, files = row_counts(limited.settings.database_url or ""), stored_files(limited.files)
    refused = await limited.upload(PDF, "a.pdf", allow_duplicate=value)
    assert_problem(refused, 422, "validation_failed")
    assert [error["field"] for error in refused.json()["errors"]] == ["allow_duplicate"]
    assert_nothing_left(limited, rows, files)


@pytest.mark.parametrize("value", ["TRUE", "1", "on", "yes", "false", "0", "off", "No", ""])
async def test_a_yes_no_field_takes_the_usual_spellings(limited: DocumentApi, value: str) -> None:
    accepted = await limited.upload(PDF, "a.pdf", allow_duplicate=value)
    assert accepted.status_code in (202, 409), accepted.text  # 409: stored already, "no"


async def test_a_hostile_file_name_is_listed_without_its_path_and_stored_by_hash(
    limited: DocumentApi,
) -> None:
    accepted = await limited.upload(PDF, "../../../etc/passwd\u202efdp.exe")
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["name"] == "passwdfdp.exe"
    stored = stored_files(limited.files)
    assert [path.split("/")[0] for path in stored] == ["originals"]
    assert not (limited.files.parent.parent / "etc").exists()


async def test_an_audit_cursor_beyond_the_database_integer_is_a_422(
    limited: DocumentApi,
) -> None:
    """Found by schemathesis: `before` above 2⁶³-1 reached PostgreSQL and answered 500."""
    refused = await limited.get("/audit", params={"before": str(2**63)})
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "before"
    assert (await limited.get("/audit", params={"before": str(2**63 - 1)})).status_code == 200


async def test_an_edited_analysis_must_be_sent_as_json(limited: DocumentApi) -> None:
    refused = await limited.client.put(
        f"/api/v1/admin/documents/{uuid.uuid4()}/analysis",
        content=b'{"schema_version": "1"}',
        headers=limited.admin | {"Content-Type": "text/plain"},
    )
    assert_problem(refused, 415, "unsupported_media_type")
