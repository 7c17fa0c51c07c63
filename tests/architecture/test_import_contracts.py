"""The boundary rule: contexts reach each other only through `<context>.public`."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source_root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=source_root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(source_root), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


def copy_of_the_source(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "src" / "aims", tmp_path / "aims", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def test_the_code_keeps_every_import_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_source(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_another_contexts_internals_breaks_the_build(tmp_path: Path) -> None:
    root = copy_of_the_source(tmp_path)
    (root / "aims" / "profiles" / "leak.py").write_text("from aims.auth import models\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "aims.profiles.leak -> aims.auth.models" in result.stdout


def test_a_public_contract_may_not_expose_the_orm(tmp_path: Path) -> None:
    root = copy_of_the_source(tmp_path)
    (root / "aims" / "profiles" / "public.py").write_text("import sqlalchemy\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "Public contracts expose no ORM" in result.stdout
