"""Parameter types of the admin context's facades the console pages use."""

from __future__ import annotations

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from aims.admin.public import DocumentsFacade, UsersFacade

Users = NamedDependency[SkipValidation[UsersFacade]]
Documents = NamedDependency[SkipValidation[DocumentsFacade]]
