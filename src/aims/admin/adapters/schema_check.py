"""Edited versions against the project's hierarchy JSON Schema and the engine's model."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import msgspec
from jsonschema import Draft202012Validator

from aims.admin import analysis
from aims.admin.analysis.schema import hierarchy_schema
from aims.admin.domain.editing import MAX_VIOLATIONS, Violation, violation

MAX_MESSAGE = 200
_MSGSPEC_PATH = re.compile(r" - at `\$(.*)`$")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(hierarchy_schema())


def schema_violations(document: Any) -> list[Violation]:
    """The first schema violations, in document order, each named by a JSON pointer."""
    errors = sorted(_validator().iter_errors(document), key=lambda error: list(error.path))
    return [
        violation(_pointer(error.absolute_path), _short(error.message))
        for error in errors[:MAX_VIOLATIONS]
    ]


def model_violations(content: bytes) -> list[Violation]:
    """What keeps schema-valid JSON from being read as an analysis (the exports need it)."""
    try:
        msgspec.json.decode(content, type=analysis.DocumentAnalysis)
    except msgspec.ValidationError as error:
        message = str(error)
        at = _MSGSPEC_PATH.search(message)
        path = at.group(1) if at else ""
        field = re.sub(r"\[(\d+)\]", r"/\1", path).replace(".", "/")
        return [violation(field, _short(_MSGSPEC_PATH.sub("", message)))]
    return []


def _pointer(path: Any) -> str:
    return "".join(f"/{part}" for part in path)


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"
