"""`aims docs upload|list|show|export` beside a running `aims run` on the embedded default:
the commands attach to its database and file store, and its in-process worker does the work."""

import subprocess
from pathlib import Path

import pytest

from tests.integration.admin.documents.conftest import text_pdf
from tests.support.processes import AIMS, aims_env, running_aims


def aims(data_dir: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AIMS, "docs", *arguments],
        env=aims_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_documents_are_uploaded_watched_listed_shown_and_exported(
    embedded_dir: Path, tmp_path: Path
) -> None:
    data_dir = embedded_dir / "data"
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(text_pdf(pages=2, title="Staff Handbook"))
    with running_aims(data_dir):
        uploaded = aims(data_dir, "upload", str(pdf), "--wait")
        assert uploaded.returncode == 0, uploaded.stderr
        document_id = uploaded.stdout.split("document ")[1].split(",")[0]
        duplicate = aims(data_dir, "upload", str(pdf))
        listed = aims(data_dir, "list")
        shown = aims(data_dir, "show", document_id)
        markdown = aims(data_dir, "export", document_id, "--format", "markdown")

    assert "2/2 pages" in uploaded.stderr
    assert "handbook.pdf: succeeded" in uploaded.stderr
    assert duplicate.returncode == 1
    assert document_id in duplicate.stderr
    assert len(listed.stdout.splitlines()) == 1
    assert "succeeded" in listed.stdout
    assert "handbook.pdf" in listed.stdout
    assert "status:    succeeded" in shown.stdout
    assert "2/2 pages" in shown.stdout
    assert markdown.stdout.startswith("# Staff Handbook")


def test_refusals_and_unknown_documents_are_one_line_errors(
    tmp_path: Path, database_url: str
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just text")
    refused = aims(tmp_path, "upload", str(notes), AIMS_DATABASE_URL=database_url)
    missing = aims(
        tmp_path, "show", "00000000-0000-0000-0000-000000000000", AIMS_DATABASE_URL=database_url
    )
    assert refused.returncode == 1
    assert refused.stderr == f"aims: error: {notes}: Not a PDF, PNG, JPEG or TIFF file.\n"
    assert missing.returncode == 1
    assert missing.stderr == "aims: error: No document 00000000-0000-0000-0000-000000000000.\n"
