"""Form fields bounded at the edge, and form errors in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, ClassVar

import msgspec

from aims.auth.public import (
    CODE_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    OPAQUE_TOKEN_MAX_LENGTH,
    PASSWORD_INPUT_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    EmailNotVerified,
    MfaEnrolmentRequired,
    TooManyAttempts,
)
from aims.kernel.messages import AppError
from aims.kernel.text import unstorable, without_unstorable
from aims.profiles.public import MAX_LENGTHS as PROFILE_MAX_LENGTHS

# The portal's fields carry the same limits as the API's bodies, but no minimum: an empty or
# short value is answered with a message on the form, not with an error page.
EmailField = Annotated[str, msgspec.Meta(max_length=EMAIL_MAX_LENGTH)]
PasswordField = Annotated[str, msgspec.Meta(max_length=PASSWORD_INPUT_MAX_LENGTH)]
TokenField = Annotated[str, msgspec.Meta(max_length=OPAQUE_TOKEN_MAX_LENGTH)]
CodeField = Annotated[str, msgspec.Meta(max_length=CODE_MAX_LENGTH)]
SealedField = Annotated[str, msgspec.Meta(max_length=32 * 1024)]
"""State a page sealed for its next step (an MFA enrolment with its QR code)."""

FIELD_MAX_LENGTHS: Mapping[str, int] = MappingProxyType(
    {
        "email": EMAIL_MAX_LENGTH,
        "password": PASSWORD_INPUT_MAX_LENGTH,
        "current_password": PASSWORD_INPUT_MAX_LENGTH,
        "new_password": PASSWORD_INPUT_MAX_LENGTH,
        "code": CODE_MAX_LENGTH,
        **PROFILE_MAX_LENGTHS,
    }
)
"""The `maxlength` of each input the pages show, by field name."""


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated when the page is rendered."""
    return message


MESSAGES = {
    "required": N_("Fill in this field."),
    "too_short": N_("Use at least %(min)s characters."),
    "too_long": N_("Use at most %(max)s characters."),
    "common": N_("This password is too common to be safe."),
    "similar_to_email": N_("This password is too similar to your e-mail address."),
    "email": N_("Enter an e-mail address such as name@example.com."),
    "invisible_characters": N_("Remove the invisible characters from the address."),
    "mixed_scripts": N_(
        "Write the address in one writing system (for example, not Latin with Cyrillic)."
    ),
    "credentials": N_("The e-mail address or password is not correct."),
    "password": N_("The password is not correct."),
    "password_or_code": N_("The password or the code is not correct."),
    "code": N_("The code is not correct. Enter the current code from your app."),
    "token": N_("This link is invalid, used or expired. Ask for a new one."),
    "phone": N_("Enter a phone number such as +81 3-1234-5678."),
    "timezone": N_("Enter a time zone such as Asia/Tokyo."),
    "invalid": N_("This value is not accepted."),
    "unstorable": N_(
        "This field contains a character that is not allowed (a control character such as"
        " NUL). Remove it and try again."
    ),
    "too_many": N_("Too many attempts. Please wait %(seconds)s seconds and try again."),
    "not_verified": N_("Confirm your e-mail address first: open the link we sent you."),
    "mfa_for_admins": N_("Administrators must set up two-step verification."),
    "sign_in_expired": N_("This sign-in has expired. Enter your password again."),
    "mfa_setup_expired": N_(
        "This set-up is no longer open: it expired, or another window finished or replaced it."
        " See the state below and start again if needed."
    ),
}
_BY_FIELD = {  # the message for a field error without a code of its own
    "email": "email",
    "token": "token",
    "code": "code",
    "phone": "phone",
    "timezone": "timezone",
    "current_password": "password",
}


@dataclass(frozen=True)
class Message:
    """A message key from `MESSAGES` and the values it mentions."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The untranslated message (the msgid)."""
        return MESSAGES[self.key]


@dataclass
class FormErrors:
    """What is wrong with a submitted form: per field, and for the whole form."""

    fields: dict[str, list[Message]] = field(default_factory=dict)
    general: list[Message] = field(default_factory=list)

    def add(self, name: str | None, key: str, **values: object) -> FormErrors:
        """Record a problem of field `name` (None: of the whole form)."""
        message = Message(key, values)
        if name is None:
            self.general.append(message)
        else:
            self.fields.setdefault(name, []).append(message)
        return self

    @classmethod
    def found_in(cls, form: Form) -> FormErrors:
        """The problems of `form` found before its handler ran: a field that held a character
        that cannot be stored."""
        errors = cls()
        for name in form.unstorable_fields:
            errors.add(name, "unstorable")
        return errors

    def of(self, name: str) -> list[Message]:
        """The problems of one field."""
        return self.fields.get(name, [])

    def require(self, values: dict[str, str]) -> FormErrors:
        """A problem for each empty value."""
        for name, value in values.items():
            if not value.strip() and name not in self.fields:
                self.add(name, "required")
        return self

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)


class Form(msgspec.Struct, kw_only=True, dict=True):
    """Base of a page's form. A field holding a character that cannot be stored (NUL) reaches
    the form (the edge refuses it for other bodies) without that character, and
    `FormErrors.found_in` reports it, so the handler shows the form again with the field
    marked instead of an error page."""

    reports_unstorable_text: ClassVar[bool] = True  # read by kernel.edge

    def __post_init__(self) -> None:
        self.unstorable_fields: tuple[str, ...] = tuple(
            name
            for name in self.__struct_fields__
            if isinstance(value := getattr(self, name), str) and unstorable(value)
        )
        for name in self.unstorable_fields:
            setattr(self, name, without_unstorable(getattr(self, name)))


def from_app_error(
    error: AppError, fields: Iterable[str], max_lengths: Mapping[str, int] | None = None
) -> FormErrors:
    """The field errors a facade's `InvalidInput`/`InvalidProfile` names, as messages;
    a field's limit is `max_lengths[field]`, else the password's."""
    known = set(fields)
    errors = FormErrors()
    for item in error.errors:
        name = item.get("field")
        limit = (max_lengths or {}).get(name or "", PASSWORD_MAX_LENGTH)
        errors.add(name if name in known else None, _key(item), min=PASSWORD_MIN_LENGTH, max=limit)
    if not errors:
        errors.add(None, "invalid")
    return errors


def _key(item: dict[str, str]) -> str:
    code = item.get("code", "")
    if code in MESSAGES:
        return code
    return _BY_FIELD.get(item.get("field", ""), "invalid")


def refusal(exc: Exception) -> FormErrors:
    """The whole-form message for auth refusing a request (rate limit, unverified, ...)."""
    errors = FormErrors()
    if isinstance(exc, TooManyAttempts):
        return errors.add(None, "too_many", seconds=exc.retry_after)
    if isinstance(exc, EmailNotVerified):
        return errors.add(None, "not_verified")
    if isinstance(exc, MfaEnrolmentRequired):
        return errors.add(None, "mfa_for_admins")
    return errors.add(None, "credentials")
