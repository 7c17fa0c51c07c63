"""The output contract: the hierarchy JSON Schema that every analysis result satisfies."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "hierarchy.schema.json"


def hierarchy_schema_bytes() -> bytes:
    """The schema document as shipped in the package (served as is by the API)."""
    return files("aims.admin.analysis").joinpath(SCHEMA_FILE).read_bytes()


@cache
def hierarchy_schema() -> dict[str, Any]:
    """The schema, parsed once."""
    schema: dict[str, Any] = json.loads(hierarchy_schema_bytes())
    return schema
