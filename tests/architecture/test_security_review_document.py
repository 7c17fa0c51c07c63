"""docs/security.md cannot rot: every level-2 requirement of ASVS 4.0.3 chapters V2, V3, V4,
V5, V12 and V13 has one row, and each row names tests that exist or gives its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "security.md"
STATUSES = {"holds", "partial", "no", "n/a"}
TEST_REFERENCE = re.compile(r"(tests/[\w/]+\.py)::(\w+)")

# The level-2 requirements of ASVS 4.0.3 (deleted ones left out), section by section.
LEVEL_2: dict[str, int] = {
    "2.1": 12, "2.2": 3, "2.3": 3, "2.4": 6, "2.5": 7, "2.6": 3, "2.7": 6, "2.8": 6,
    "2.9": 3, "2.10": 4,
    "3.1": 1, "3.2": 4, "3.3": 4, "3.4": 5, "3.5": 3, "3.7": 1,
    "4.1": 5, "4.2": 2, "4.3": 3,
    "5.1": 5, "5.2": 8, "5.3": 10, "5.4": 3, "5.5": 4,
    "12.1": 3, "12.2": 1, "12.3": 6, "12.4": 2, "12.5": 2, "12.6": 1,
    "13.1": 5, "13.2": 6, "13.3": 2, "13.4": 2,
}  # fmt: skip
DELETED = {"V4.1.4", "V13.1.2", "V13.2.4"}


def expected_ids() -> list[str]:
    ids = [
        f"V{section}.{number}"
        for section, count in LEVEL_2.items()
        for number in range(1, count + 1)
    ]
    return [requirement for requirement in ids if requirement not in DELETED]


def rows() -> list[list[str]]:
    """The cells of every requirement row of the document's tables."""
    found = []
    for line in DOCUMENT.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| V") and len(cells) == 4:
            found.append(cells)
    return found


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def test_every_level_2_requirement_has_exactly_one_row() -> None:
    assert [cells[0] for cells in rows()] == expected_ids()


def test_every_row_names_existing_tests_or_gives_a_reason() -> None:
    problems = []
    for requirement, _, status, proof in rows():
        references = TEST_REFERENCE.findall(proof)
        if status not in STATUSES:
            problems.append(f"{requirement}: status {status!r}")
        if status in ("holds", "partial") and not references:
            problems.append(f"{requirement}: {status} without a test")
        if status in ("no", "n/a") and len(TEST_REFERENCE.sub("", proof).strip(" .,;")) < 20:
            problems.append(f"{requirement}: {status} without a reason")
        for path, name in references:
            file = ROOT / path
            if not file.is_file():
                problems.append(f"{requirement}: no file {path}")
            elif name not in defined_tests(file):
                problems.append(f"{requirement}: no test {name} in {path}")
    assert problems == []
