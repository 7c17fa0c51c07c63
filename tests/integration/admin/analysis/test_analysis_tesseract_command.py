"""The engine runs the Tesseract command it is given (AIMS_TESSERACT_CMD through the CLI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aims.cli.docs import docs

from .conftest import ENGLISH_BODY, body, build_pdf, image_bytes, rasterise

pytestmark = pytest.mark.slow


def _scan(tmp_path: Path) -> Path:
    page = [("1 Introduction", 16, 60, 60), *body(90, lines=4, text=ENGLISH_BODY)]
    path = tmp_path / "scan.png"
    path.write_bytes(image_bytes(rasterise(build_pdf([page]))[0]))
    return path


def _wrapper(tmp_path: Path) -> tuple[Path, Path]:
    """A tesseract that logs its calls, in a directory that is not on PATH."""
    real = shutil.which("tesseract")
    assert real is not None
    log = tmp_path / "calls.log"
    folder = tmp_path / "not-on-path"
    folder.mkdir()
    wrapper = folder / "my-tesseract"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def test_the_cli_runs_the_tesseract_command_of_the_setting(tmp_path: Path) -> None:
    wrapper, log = _wrapper(tmp_path)
    result = CliRunner().invoke(
        docs,
        ["analyze", "--format", "text", "--jobs", "1", str(_scan(tmp_path))],
        env={"AIMS_TESSERACT_CMD": str(wrapper)},
    )
    assert result.exit_code == 0, result.stderr
    assert "Introduction" in result.stdout
    assert "hocr" in log.read_text()


def test_a_missing_tesseract_command_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-tesseract"
    result = CliRunner().invoke(
        docs,
        ["analyze", "--jobs", "1", str(_scan(tmp_path))],
        env={"AIMS_TESSERACT_CMD": str(missing)},
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(missing) in lines[0]
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
