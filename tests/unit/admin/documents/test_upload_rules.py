"""Names, languages, storage keys and list cursors of uploads."""

import uuid
from datetime import UTC, datetime

import pytest

from aims.admin.domain.cursor import decode_cursor, encode_cursor
from aims.admin.domain.files import export_key, original_key, page_image_key, sha_of_key
from aims.admin.domain.uploads import display_name, needed_languages, parse_languages

SHA = "ab" * 32


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\scan 1.tif", "scan 1.tif"),
        ("bad\x00name\n.png", "badname.png"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("zero\u200bwidth\u2066.pdf", "zerowidth.pdf"),
        ("報告書\u2028.pdf", "報告書.pdf"),
        ("   ", "document"),
        (None, "document"),
        ("規程" * 200 + ".pdf", "規程" * 127 + "規"),
    ],
)
def test_a_document_is_listed_under_its_file_name_without_paths(
    filename: str | None, shown: str
) -> None:
    assert display_name(filename) == shown


@pytest.mark.parametrize(
    ("given", "languages"),
    [
        ("jpn+eng", "jpn+eng"),
        (" eng + jpn ", "eng+jpn"),
        ("eng+eng", "eng"),
        ("jpn_vert", "jpn_vert"),
        ("", None),
        ("eng;rm", None),
        ("a+b+c+d+e+f", None),
        ("ENG", None),
    ],
)
def test_ocr_languages_are_tesseract_names(given: str, languages: str | None) -> None:
    assert parse_languages(given) == languages


def test_japanese_needs_the_vertical_data_too() -> None:
    assert needed_languages("jpn+eng") == {"jpn", "jpn_vert", "eng"}
    assert needed_languages("eng") == {"eng"}


def test_storage_keys_are_named_by_hashes_and_refuse_anything_else() -> None:
    assert original_key(SHA) == f"originals/{SHA}"
    assert page_image_key(SHA, 3) == f"pages/{SHA}/00003-150dpi.png"
    assert sha_of_key(export_key(SHA, "md")) == SHA
    with pytest.raises(ValueError, match="sha256"):
        original_key("../../secret")


def test_a_cursor_round_trips_and_a_forged_one_is_refused() -> None:
    position = (datetime(2026, 11, 30, 12, 0, tzinfo=UTC), uuid.uuid4())
    assert decode_cursor(encode_cursor(*position)) == position
    for forged in ("", "not base64!", encode_cursor(*position)[:-3], "MjAyNnxub3QtYS11dWlk"):
        assert decode_cursor(forged) is None
