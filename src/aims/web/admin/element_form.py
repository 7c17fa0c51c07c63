"""The element editor's form: every button sends the whole form, so what was typed and the move
asked for become one correction, checked by the same rules as the API's."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import msgspec

from aims.admin.public import MAX_ELEMENT_TEXT, ElementEdit
from aims.web.forms import Form

TEXT_FIELD_MAX = 2 * MAX_ELEMENT_TEXT
"""The text field's bound as sent: a browser counts a line break as one character but sends
it as two (CR LF), so a text within the limit may arrive up to twice as long."""

_LEVEL = re.compile(r"[0-9]{1,2}")
_FIELD = re.compile(r"`\$\.(\w+)`$")
_PROBLEM_OF_FIELD = {"element_id": "element_id", "text": "text", "level": "level_number"}
"""The fields a bounded form can still get wrong, and the message key of each."""

Problems = dict[str, str]
"""The message key of what is wrong, by field ("form" for the whole form)."""


class ElementForm(Form, kw_only=True):
    """The editor's form; `action` is the button pressed (save, or move up or down)."""

    text: Annotated[str, msgspec.Meta(max_length=TEXT_FIELD_MAX)] = ""
    type: Annotated[str, msgspec.Meta(max_length=20)] = ""
    level: Annotated[str, msgspec.Meta(max_length=2)] = ""
    etag: Annotated[str, msgspec.Meta(max_length=200)] = ""
    action: Literal["save", "up", "down"] = "save"


def element_edit(element_id: str, form: ElementForm) -> ElementEdit | Problems:
    """The correction the form asks for (its fields, and the move of the button pressed, in one
    edit), or what is wrong with it."""
    if form.unstorable_fields:  # the text typed; the other fields are the page's own
        text_only = form.unstorable_fields == ("text",)
        return {"text": "text_unstorable"} if text_only else {"form": "form_invalid"}
    level = form.level.strip()
    if level and not _LEVEL.fullmatch(level):
        return {"level": "level_number"}
    if form.type == "heading" and not level:
        return {"level": "level"}  # the form shows every field: an empty level is no level
    fields = {
        "element_id": element_id,
        "text": form.text.replace("\r\n", "\n"),
        "type": form.type or None,
        "level": int(level) if level else None,
        "move": None if form.action == "save" else form.action,
    }
    try:
        return msgspec.convert(fields, ElementEdit)
    except msgspec.ValidationError as invalid:
        found = _FIELD.search(str(invalid))
        field = found.group(1) if found else ""
        if field not in _PROBLEM_OF_FIELD:
            return {"form": "form_invalid"}
        return {field: _PROBLEM_OF_FIELD[field]}
