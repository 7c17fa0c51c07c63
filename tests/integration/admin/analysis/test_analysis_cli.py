"""`aims docs analyze`: every sample validates against the schema; errors are one line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from aims.admin.analysis.schema import hierarchy_schema
from aims.cli.docs import docs

from .conftest import (
    ENGLISH_BODY,
    SAMPLES,
    body,
    build_pdf,
    first_pages,
    image_bytes,
    image_only_pdf,
    rasterise,
)


@pytest.mark.slow
def test_every_sample_gives_json_that_validates_against_the_schema(tmp_path: Path) -> None:
    scan = tmp_path / "exppl2e.scan.pdf"  # what a scanner makes of the first page
    scan.write_bytes(
        image_only_pdf(rasterise(first_pages((SAMPLES / "exppl2e.pdf").read_bytes(), 1)))
    )
    files = [*sorted(str(path) for path in SAMPLES.glob("*.pdf")), str(scan)]
    assert len(files) == 3
    result = CliRunner().invoke(docs, ["analyze", "--format", "json", *files])
    assert result.exit_code == 0, result.stderr
    validator = jsonschema.Draft202012Validator(hierarchy_schema())
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"]["filename"] for d in documents] == [Path(f).name for f in files]
    for document in documents:
        validator.validate(document)
        assert any(e["type"] == "heading" for e in document["elements"])


def test_markdown_output_has_heading_marks(tmp_path: Path) -> None:
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(
        build_pdf(
            [
                [
                    ("1 Introduction", 16, 60, 60),
                    *body(90, text=ENGLISH_BODY),
                    ("1.1 Scope", 13, 60, 160),
                    *body(185, text=ENGLISH_BODY),
                ]
            ]
        )
    )
    result = CliRunner().invoke(docs, ["analyze", "--format", "markdown", "--jobs", "1", str(pdf)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "# 1 Introduction" in lines
    assert "## 1.1 Scope" in lines
    assert result.stderr == ""


def test_a_refused_file_gives_one_error_line_and_a_failing_exit(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.pdf"
    bogus.write_bytes(b"just some text")
    result = CliRunner().invoke(docs, ["analyze", str(bogus)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"aims: error: {bogus}: not a PDF, PNG, JPEG or TIFF file (unsupported_type)"
    ]
    assert "Traceback" not in result.output


def test_a_missing_file_is_reported_without_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(docs, ["analyze", str(tmp_path / "absent.pdf")])
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ocr_reads_with_the_configured_languages(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    pdf = build_pdf([[("1 Introduction", 16, 60, 60), *body(90, text=ENGLISH_BODY)]])
    scan.write_bytes(image_bytes(rasterise(pdf)[0].crop((0, 0, 2480, 600))))
    result = CliRunner(env={"AIMS_OCR_LANGUAGES": "eng"}).invoke(
        docs, ["analyze", "--format", "json", "--jobs", "1", str(scan)]
    )
    assert result.exit_code == 0, result.stderr
    [page] = json.loads(result.stdout)["pages"]
    assert page["languages"] == ["eng"]


def test_a_bad_setting_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner(env={"AIMS_WORKER_CONCURRENCY": "0"}).invoke(
        docs, ["analyze", str(tmp_path / "any.png")]
    )
    assert result.exit_code == 1
    assert result.stderr == "aims: error: AIMS_WORKER_CONCURRENCY: must be at least 1\n"
