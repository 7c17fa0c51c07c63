"""Parameter types of the dependencies the console's document pages use."""

from __future__ import annotations

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from aims.admin.public import DocumentsFacade

Documents = NamedDependency[SkipValidation[DocumentsFacade]]
"""The document service (the app-wide `documents` dependency)."""
