"""The editor's form read into one correction: the fields typed and the move of the button."""

from __future__ import annotations

import pytest

from aims.admin.public import MAX_ELEMENT_TEXT, ElementEdit
from aims.web.admin.element_form import ElementForm, element_edit


def test_a_move_button_carries_the_fields_typed() -> None:
    form = ElementForm(text="New\r\nline", type="heading", level=" 2", action="up")
    assert element_edit("ID-3", form) == ElementEdit(
        element_id="ID-3", text="New\nline", type="heading", level=2, move="up"
    )


def test_save_moves_nothing() -> None:
    form = ElementForm(text="Body", type="paragraph", level="")
    assert element_edit("ID-3", form) == ElementEdit(
        element_id="ID-3", text="Body", type="paragraph"
    )


def test_a_text_at_the_limit_sent_with_cr_lf_is_within_it() -> None:
    text = ("x" * 9 + "\n") * (MAX_ELEMENT_TEXT // 10)
    form = ElementForm(text=text.replace("\n", "\r\n"), type="paragraph")
    edit = element_edit("ID-1", form)
    assert isinstance(edit, ElementEdit)
    assert edit.text == text


@pytest.mark.parametrize(
    ("element_id", "fields", "problems"),
    [
        ("ID-1", {"level": "²"}, {"level": "level_number"}),
        ("ID-1", {"level": "٣"}, {"level": "level_number"}),
        ("ID-1", {"level": "12"}, {"level": "level_number"}),
        ("ID-1", {"level": "-1"}, {"level": "level_number"}),
        ("ID-1", {"type": "heading", "level": ""}, {"level": "level"}),
        ("ID-1", {"text": "x" * (MAX_ELEMENT_TEXT + 1)}, {"text": "text"}),
        ("ID-0", {}, {"element_id": "element_id"}),
        ("<b>", {}, {"element_id": "element_id"}),
    ],
)
def test_what_the_form_gets_wrong_is_named_by_field(
    element_id: str, fields: dict[str, str], problems: dict[str, str]
) -> None:
    form = ElementForm(**({"type": "paragraph", "action": "down"} | fields))  # type: ignore[arg-type]
    assert element_edit(element_id, form) == problems
