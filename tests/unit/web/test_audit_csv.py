"""Audit CSV cells never start a spreadsheet formula."""

import pytest

from aims.web.admin.csv_export import safe_cell


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_leading_cell_is_quoted(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize(("cell", "text"), [("login", "login"), (None, ""), (3, "3")])
def test_other_cells_stay_as_they_are(cell: object, text: str) -> None:
    assert safe_cell(cell) == text
