"""Bearer access tokens to principals: signature, claims, then the revocation list."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from aims.auth.domain import Role
from aims.auth.public import Introspection, Principal, Unauthenticated
from aims.auth.services.base import AuthDeps
from aims.auth.tokens import AccessClaims, InvalidTokenError, TokenRejection

INVALID_TOKEN = "The access token is not valid or has expired; sign in again."  # noqa: S105


async def verified_claims(deps: AuthDeps, token: str) -> AccessClaims:
    """The claims of a token that is valid now and whose session is not revoked."""
    now = deps.clock()
    await deps.keys.fresh()
    try:
        claims = deps.codec.verify(token, now)
    except InvalidTokenError as error:
        if (
            error.reason != TokenRejection.UNKNOWN_KEY
            or not await deps.keys.reload_for_unknown_kid()
        ):
            raise Unauthenticated(INVALID_TOKEN) from None
        claims = _verified_again(deps, token, now)
    if await deps.revocations.is_revoked(_uuid(claims.sid), now):
        raise Unauthenticated(INVALID_TOKEN)
    return claims


def _verified_again(deps: AuthDeps, token: str, now: datetime) -> AccessClaims:
    """After a key reload: the claims, or `Unauthenticated` like any other refused token."""
    try:
        return deps.codec.verify(token, now)
    except InvalidTokenError:
        raise Unauthenticated(INVALID_TOKEN) from None


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Unauthenticated(INVALID_TOKEN) from None


def _timestamp(seconds: int) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise Unauthenticated(INVALID_TOKEN) from None


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
        authenticated_at=_timestamp(claims.auth_time),
    )


async def introspect(deps: AuthDeps, caller: Principal, token: str) -> Introspection:
    """RFC 7662 for an administrator's client: `active` false for any token that would be refused.

    RFC 7662 requires the caller to authenticate; a bearer token without the admin
    role is not a client credential for introspection and gets 401 like none at all.
    """
    if not caller.has_role(Role.ADMIN):
        raise Unauthenticated("Introspection needs an administrator's access token.")
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
