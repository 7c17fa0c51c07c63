"""The engine reads the Tesseract language data it is given (AIMS_TESSDATA_DIR through the CLI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aims.cli.docs import docs
from aims.kernel.tesseract import find_tessdata

from .conftest import ENGLISH_BODY, body, build_pdf, image_bytes, rasterise

pytestmark = pytest.mark.slow


def _scan(tmp_path: Path) -> Path:
    page = [("1 Introduction", 16, 60, 60), *body(90, lines=4, text=ENGLISH_BODY)]
    path = tmp_path / "scan.png"
    path.write_bytes(image_bytes(rasterise(build_pdf([page]))[0]))
    return path


def _tessdata(tmp_path: Path, languages: tuple[str, ...]) -> Path:
    """A language data directory holding only `languages`, linked from the system's."""
    folder = tmp_path / "tessdata"
    folder.mkdir()
    for language in languages:
        name = f"{language}.traineddata"
        (folder / name).symlink_to(Path(find_tessdata()) / name)
    return folder


def _analyze(tmp_path: Path, tessdata: Path, *options: str) -> Result:
    return CliRunner().invoke(
        docs,
        ["analyze", "--format", "text", "--jobs", "1", *options, str(_scan(tmp_path))],
        env={"AIMS_TESSDATA_DIR": str(tessdata)},
    )


def test_the_cli_reads_the_language_data_of_the_setting(tmp_path: Path) -> None:
    result = _analyze(tmp_path, _tessdata(tmp_path, ("eng", "osd")), "--lang", "eng")
    assert result.exit_code == 0, result.stderr
    assert "Introduction" in result.stdout


def test_a_language_the_directory_lacks_is_one_error_line(tmp_path: Path) -> None:
    tessdata = _tessdata(tmp_path, ("eng", "osd"))
    result = _analyze(tmp_path, tessdata, "--lang", "jpn+eng")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "for jpn in" in lines[0]
    assert str(tessdata) in lines[0]
    assert "Traceback" not in result.output


def test_a_missing_language_data_directory_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-tessdata"
    result = _analyze(tmp_path, missing)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(missing) in lines[0]
    assert "AIMS_TESSDATA_DIR" in lines[0]
    assert "Traceback" not in result.output


def test_analyze_does_not_load_the_web_application_or_the_database_layer() -> None:
    probe = (
        "import sys; from click.testing import CliRunner; from aims.cli import main; "
        "CliRunner().invoke(main, ['docs', 'analyze', '--help']); "
        "print(sorted(m for m in ('sqlalchemy', 'litestar', 'procrastinate') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
