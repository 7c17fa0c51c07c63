"""The profiles context's contract with the rest of AIMS.

`web` and `admin` import only this module: the `Profile` DTO, the partial
`ProfileChanges`, the `ProfilesFacade` protocol, the `ProfileUpdated` event and
the error types. Free-text fields are stored exactly as given; whoever renders
them must escape them.
"""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType
from typing import Annotated, Final, Protocol, runtime_checkable
from uuid import UUID

import msgspec

from aims.kernel.languages import Language
from aims.kernel.messages import AppError, IntegrationEvent

Locale = Language

NAME_MAX_LENGTH: Final = 100
PHONE_MAX_LENGTH: Final = 32
ADDRESS_MAX_LENGTH: Final = 500
BIO_MAX_LENGTH: Final = 2000
TIMEZONE_MAX_LENGTH: Final = 64
MAX_LENGTHS: Final = MappingProxyType(
    {
        "display_name": NAME_MAX_LENGTH,
        "first_name": NAME_MAX_LENGTH,
        "last_name": NAME_MAX_LENGTH,
        "phone": PHONE_MAX_LENGTH,
        "address": ADDRESS_MAX_LENGTH,
        "bio": BIO_MAX_LENGTH,
        "timezone": TIMEZONE_MAX_LENGTH,
    }
)
"""The most characters each free-text field of a profile holds."""

ShortText = Annotated[str, msgspec.Meta(max_length=NAME_MAX_LENGTH)]
Phone = Annotated[str, msgspec.Meta(max_length=PHONE_MAX_LENGTH)]
Address = Annotated[str, msgspec.Meta(max_length=ADDRESS_MAX_LENGTH)]
Bio = Annotated[str, msgspec.Meta(max_length=BIO_MAX_LENGTH)]
TimeZoneName = Annotated[str, msgspec.Meta(max_length=TIMEZONE_MAX_LENGTH)]


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """A user's profile; `None` means not filled in."""

    user_id: UUID
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    address: str | None = None
    bio: str | None = None
    locale: Locale | None = None
    timezone: str | None = None
    updated_at: datetime


class ProfileChanges(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A partial update: only the fields present change; `null` clears a field."""

    display_name: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    first_name: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    last_name: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    phone: Phone | msgspec.UnsetType | None = msgspec.UNSET
    address: Address | msgspec.UnsetType | None = msgspec.UNSET
    bio: Bio | msgspec.UnsetType | None = msgspec.UNSET
    locale: Locale | msgspec.UnsetType | None = msgspec.UNSET
    timezone: TimeZoneName | msgspec.UnsetType | None = msgspec.UNSET

    def as_dict(self) -> dict[str, str | None]:
        """The fields present in the update."""
        return {
            name: value
            for name in self.__struct_fields__
            if (value := getattr(self, name)) is not msgspec.UNSET
        }


class ProfileRead(msgspec.Struct, frozen=True, kw_only=True):
    """A profile and whether it came from the cache while the database was unreachable."""

    profile: Profile
    stale: bool = False


@runtime_checkable
class ProfilesFacade(Protocol):
    """What other contexts and `web` may ask of profiles."""

    async def get(self, user_id: UUID) -> ProfileRead:
        """The user's profile, created empty on first access."""
        ...

    async def find(self, user_id: UUID) -> ProfileRead:
        """An existing profile; raises `ProfileNotFound` when there is none."""
        ...

    async def update(self, user_id: UUID, changes: ProfileChanges) -> Profile:
        """Apply a partial update; raises `InvalidProfile` naming each bad field."""
        ...

    async def search_by_name(self, text: str, limit: int = 20) -> list[Profile]:
        """Profiles whose display, first or last name contains `text` (case-insensitive)."""
        ...

    async def display_names(self, user_ids: tuple[UUID, ...]) -> dict[UUID, str]:
        """The display names of these users that have one (at most 500 ids are read)."""
        ...


class ProfileUpdated(IntegrationEvent, frozen=True, kw_only=True):
    """A profile changed; `fields` names what changed."""

    user_id: UUID
    fields: tuple[str, ...]


class ProfileNotFound(AppError):
    """No profile for that user."""

    status = 404
    code = "profile_not_found"
    title = "Profile not found"


class InvalidProfile(AppError):
    """A field of a profile update is not acceptable; `errors` names each."""

    status = 422
    code = "validation_failed"
    title = "Validation failed"
