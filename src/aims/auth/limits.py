"""Input limits of auth: one definition for the password policy, the JSON API and the portal."""

from __future__ import annotations

from typing import Annotated

import msgspec

from aims.auth.domain import MAX_EMAIL_LENGTH

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
PASSWORD_INPUT_MAX_LENGTH = 1024
"""The longest password a form or body may carry: room above the policy to say it is too long."""
EMAIL_MAX_LENGTH = MAX_EMAIL_LENGTH
OPAQUE_TOKEN_MAX_LENGTH = 4096
CODE_MAX_LENGTH = 32

Email = Annotated[
    str,
    msgspec.Meta(min_length=3, max_length=EMAIL_MAX_LENGTH, extra_json_schema={"format": "email"}),
]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=PASSWORD_INPUT_MAX_LENGTH)]
"""A password to check (sign-in, step-up, the current one)."""
NewPassword = Annotated[
    str, msgspec.Meta(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)
]
"""A password to set: the policy's length rule, stated in the API's schema."""
OpaqueToken = Annotated[str, msgspec.Meta(min_length=1, max_length=OPAQUE_TOKEN_MAX_LENGTH)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=CODE_MAX_LENGTH)]
