"""Where OCR's language data is looked for, and which languages it holds."""

from pathlib import Path

import pytest

from aims.kernel.tesseract import (
    SYSTEM_TESSDATA,
    TesseractMissing,
    find_tessdata,
    installed_languages,
    missing_languages,
)


def _tessdata(folder: Path, *languages: str) -> Path:
    folder.mkdir()
    for language in languages:
        (folder / f"{language}.traineddata").write_bytes(b"")
    return folder


def test_the_setting_wins_over_tessdata_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured = _tessdata(tmp_path / "configured", "eng")
    monkeypatch.setenv("TESSDATA_PREFIX", str(_tessdata(tmp_path / "prefix", "jpn")))
    assert find_tessdata(str(configured)) == str(configured)
    assert installed_languages(str(configured)) == {"eng"}


def test_without_a_setting_tessdata_prefix_then_the_system_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = _tessdata(tmp_path / "prefix", "jpn", "osd")
    monkeypatch.setenv("TESSDATA_PREFIX", str(prefix))
    assert find_tessdata() == str(prefix)
    assert missing_languages({"jpn", "eng"}) == ["eng"]
    monkeypatch.delenv("TESSDATA_PREFIX")
    assert find_tessdata() == SYSTEM_TESSDATA


def test_a_directory_without_language_data_is_named_with_the_setting(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TesseractMissing, match=f"{empty}.*AIMS_TESSDATA_DIR"):
        find_tessdata(str(empty))
