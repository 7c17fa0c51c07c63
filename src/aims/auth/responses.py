"""Token responses of the JSON API: never cached, and carrying the client's device cookie."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from aims.auth.public import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_SECONDS,
    MfaChallenge,
    MfaRequired,
    SignedIn,
    TokenPair,
)
from aims.kernel.clients import is_secure, private_cookie
from aims.kernel.http import problem_response

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749 §5.1


def token_response(request: Request[Any, Any, Any], signed_in: SignedIn) -> Response[TokenPair]:
    """The token pair, never cached, with the client's new device cookie."""
    response = Response(signed_in.tokens, headers=NO_STORE)
    secure = is_secure(request.scope)
    response.set_cookie(
        private_cookie(DEVICE_COOKIE, signed_in.device_cookie, DEVICE_COOKIE_SECONDS, secure=secure)
    )
    return response


def mfa_required(challenge: MfaChallenge) -> Response[Any]:
    """401 `mfa_required` with the challenge for `POST /login/mfa` (SPEC §3)."""
    response = problem_response(
        401,
        MfaRequired.title,
        "Send the code from your authenticator app to POST /api/v1/auth/login/mfa.",
        MfaRequired.code,
        mfa_challenge=challenge.challenge,
        expires_in=challenge.expires_in,
    )
    response.headers.update({**NO_STORE, "WWW-Authenticate": 'Bearer realm="aims"'})
    return response
