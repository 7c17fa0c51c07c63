"""Bearer access tokens to principals: signature, claims, then the revocation list."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from aims.auth.domain import Role
from aims.auth.public import Introspection, Principal, Unauthenticated
from aims.auth.services.base import AuthDeps
from aims.auth.tokens import AccessClaims, InvalidTokenError, TokenRejection


async def verified_claims(deps: AuthDeps, token: str) -> AccessClaims:
    """The claims of a token that is valid now and whose session is not revoked."""
    now = deps.clock()
    await deps.keys.fresh()
    try:
        claims = _verify(deps, token, now)
    except InvalidTokenError as error:
        if (
            error.reason != TokenRejection.UNKNOWN_KEY
            or not await deps.keys.reload_for_unknown_kid()
        ):
            raise Unauthenticated("The access token is not valid.") from None
        claims = _verify(deps, token, now)
    if await deps.revocations.is_revoked(_uuid(claims.sid), now):
        raise Unauthenticated("The session has ended; sign in again.")
    return claims


def _verify(deps: AuthDeps, token: str, now: datetime) -> AccessClaims:
    try:
        return deps.codec.verify(token, now)
    except InvalidTokenError:
        raise
    except Exception:  # a token the codec cannot even parse
        raise InvalidTokenError(TokenRejection.MALFORMED) from None


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Unauthenticated("The access token is not valid.") from None


async def authenticate(deps: AuthDeps, token: str) -> Principal:
    """The principal a bearer token stands for."""
    claims = await verified_claims(deps, token)
    return Principal(
        user_id=_uuid(claims.sub),
        session_id=_uuid(claims.sid),
        email=claims.email,
        roles=claims.roles or (Role.USER,),
        email_verified=claims.email_verified,
        mfa_enabled=claims.mfa,
        authenticated_at=datetime.fromtimestamp(claims.auth_time, UTC),
    )


async def introspect(deps: AuthDeps, token: str) -> Introspection:
    """RFC 7662: `active` false for any token that would be refused."""
    try:
        claims = await verified_claims(deps, token)
    except Unauthenticated:
        return Introspection(active=False)
    return Introspection(
        active=True,
        sub=claims.sub,
        sid=claims.sid,
        username=claims.email or None,
        scope=" ".join(claims.roles),
        token_type="Bearer",  # noqa: S106 - the OAuth token type, not a secret
        exp=claims.exp,
        iat=claims.iat,
        nbf=claims.nbf,
        iss=claims.iss,
        aud=claims.aud,
        jti=claims.jti,
    )
