"""The code never runs text as code: no eval, exec or compile of strings and no template built
from a string at run time (ASVS 5.2.4, 5.2.5); templates are files, escaped by Litestar's
Jinja2 engine (its default), which the portal tests check with script in a profile."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "src" / "aims"
DYNAMIC_CODE = {"eval", "exec", "compile", "__import__"}  # the built-ins, called by name
TEMPLATE_FROM_TEXT = "from_string"  # Jinja2's Environment.from_string


def _calls(tree: ast.AST) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in DYNAMIC_CODE:
            found.append((node.func.id, node.lineno))
        if isinstance(node.func, ast.Attribute) and node.func.attr == TEMPLATE_FROM_TEXT:
            found.append((node.func.attr, node.lineno))
    return found


def test_no_text_is_run_as_code_or_made_into_a_template() -> None:
    offenders = [
        f"{path.relative_to(SOURCES)}:{line} {name}"
        for path in sorted(SOURCES.rglob("*.py"))
        for name, line in _calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []
