"""The admin context's own contracts: its layers, and an engine free of database and web."""

from pathlib import Path

import pytest

from tests.architecture.test_import_contracts import copy_of_the_source, lint_imports


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("analysis/leak.py", "import sqlalchemy\n", "The analysis engine knows no database"),
        ("analysis/leak.py", "from aims.admin import repository\n", "Inside admin"),
        ("repository/leak.py", "from aims.admin import facade\n", "Inside admin"),
        ("domain/leak.py", "from aims.admin.services import uploads\n", "Inside admin"),
    ],
)
def test_a_planted_violation_breaks_the_build(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    root = copy_of_the_source(tmp_path)
    (root / "aims" / "admin" / module).write_text(line)
    result = lint_imports(root)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout


def test_other_contexts_and_web_reach_documents_only_through_public(tmp_path: Path) -> None:
    root = copy_of_the_source(tmp_path)
    (root / "aims" / "web" / "leak.py").write_text("from aims.admin import facade\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "aims.web.leak -> aims.admin.facade" in result.stdout
