"""Parameter types of the app-wide dependencies the pages use (named, not validated)."""

from __future__ import annotations

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from aims.auth.public import AuthFacade, ClientInfo
from aims.kernel.sealing import SealedBox
from aims.profiles.public import ProfilesFacade

Auth = NamedDependency[SkipValidation[AuthFacade]]
Profiles = NamedDependency[SkipValidation[ProfilesFacade]]
Client = NamedDependency[SkipValidation[ClientInfo]]
Seals = NamedDependency[SkipValidation[SealedBox]]  # the box of values pages hand on
