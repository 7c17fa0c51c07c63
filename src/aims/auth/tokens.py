"""Access tokens: short-lived JWTs (``typ`` at+jwt) signed by the key ring's current key."""

from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import msgspec
from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, JoseError

from aims.auth.domain import Role
from aims.auth.keys import KeyRing, SigningKey

ACCESS_JWT_TYPE = "at+jwt"
MAX_TOKEN_LENGTH = 8192  # ours are ~1 KB; anything far longer is refused unparsed
KID_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # an RFC 7638 SHA-256 thumbprint, as keys.py makes


VERIFIED_TOKENS_KEPT = 10_000
"""Tokens whose signature this process has verified, kept (oldest first out); the access
token of every active client fits, and each costs about a kilobyte."""


class TokenRejection(StrEnum):
    """Why a token was refused: for logs and tests, never for clients."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    ALGORITHM_NOT_ALLOWED = "algorithm_not_allowed"
    WRONG_TYPE = "wrong_type"
    BAD_SIGNATURE = "bad_signature"
    INVALID_CLAIMS = "invalid_claims"
    WRONG_ISSUER = "wrong_issuer"
    WRONG_AUDIENCE = "wrong_audience"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


class InvalidTokenError(Exception):
    """The one error for any refused token; its message never says which check failed."""

    def __init__(self, reason: TokenRejection) -> None:
        super().__init__("invalid access token")
        self.reason = reason


class AccessClaims(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The verified claims of an access token (times in seconds since the epoch)."""

    iss: str
    aud: str
    sub: str
    exp: int
    iat: int
    nbf: int
    jti: str
    sid: str
    roles: tuple[Role, ...]
    email: str = ""
    email_verified: bool = False
    mfa: bool = False
    auth_time: int = 0


class IdentityClaims(msgspec.Struct, frozen=True, kw_only=True):
    """Who the subject is, carried in the token so a request needs no user lookup."""

    email: str
    email_verified: bool
    mfa: bool
    auth_time: int


class TokenSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Issuer, audience and timing of access tokens."""

    issuer: str
    audience: str
    lifetime: timedelta = timedelta(minutes=15)
    leeway: timedelta = timedelta(seconds=60)

    @property
    def keep_retired_keys_for(self) -> timedelta:
        """How long a retired key must stay published: until its last token has expired."""
        return self.lifetime + self.leeway


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    """A signed token (hidden from repr), its id and its expiry."""

    token: str = field(repr=False)
    jti: str
    expires_at: datetime


class TokenCodec:
    """Issues and verifies access tokens against the latest key ring."""

    def __init__(self, settings: TokenSettings, key_ring: Callable[[], KeyRing]) -> None:
        self.settings = settings
        self._key_ring = key_ring
        self._verified: OrderedDict[str, tuple[AccessClaims, str]] = OrderedDict()
        """Verified tokens: their claims and the kid of the key that signed them."""

    def issue(
        self,
        sub: str,
        sid: str,
        roles: Iterable[Role],
        now: datetime,
        identity: IdentityClaims | None = None,
    ) -> IssuedAccessToken:
        """Sign a token for subject ``sub`` in session ``sid``."""
        ring = self._key_ring()
        key = ring.current()
        issued_at = int(now.timestamp())
        expires = issued_at + int(self.settings.lifetime.total_seconds())
        claims = AccessClaims(
            iss=self.settings.issuer,
            aud=self.settings.audience,
            sub=sub,
            exp=expires,
            iat=issued_at,
            nbf=issued_at,
            jti=uuid.uuid4().hex,
            sid=sid,
            roles=tuple(sorted(set(roles), key=lambda role: role.rank)),
            **(msgspec.structs.asdict(identity) if identity else {}),
        )
        header = {"alg": str(key.algorithm), "kid": key.kid, "typ": ACCESS_JWT_TYPE}
        token = jwt.encode(
            header, msgspec.to_builtins(claims), ring.jose_key(key), algorithms=[key.algorithm]
        )
        return IssuedAccessToken(token, claims.jti, datetime.fromtimestamp(expires, UTC))

    def verify(self, token: str, now: datetime) -> AccessClaims:
        """The claims of a valid token; otherwise ``InvalidTokenError`` and nothing else."""
        known = self._verified.get(token)
        if known is not None:  # its signature was checked; its key and time are checked anew
            claims, kid = known
            if self._key_ring().find(kid) is None:  # the key left the ring (e.g. withdrawn)
                raise InvalidTokenError(TokenRejection.UNKNOWN_KEY)
            self._check_claims(claims, now)
            return claims
        if len(token) > MAX_TOKEN_LENGTH:
            raise InvalidTokenError(TokenRejection.MALFORMED)
        try:
            claims, kid = self._verify(token, now)
        except InvalidTokenError:
            raise
        except Exception as error:  # anything a crafted token makes a parser raise
            raise InvalidTokenError(TokenRejection.MALFORMED) from error
        self._remember(token, claims, kid)
        return claims

    def _remember(self, token: str, claims: AccessClaims, kid: str) -> None:
        """Keep a verified token, so its next request costs no signature check."""
        self._verified[token] = (claims, kid)
        if len(self._verified) > VERIFIED_TOKENS_KEPT:
            self._verified.popitem(last=False)

    def _verify(self, token: str, now: datetime) -> tuple[AccessClaims, str]:
        ring = self._key_ring()
        key = _pinned_key(ring, _unverified_header(token))
        try:
            decoded = jwt.decode(token, ring.jose_key(key), algorithms=[key.algorithm])
        except BadSignatureError as error:
            raise InvalidTokenError(TokenRejection.BAD_SIGNATURE) from error
        except (JoseError, ValueError) as error:
            raise InvalidTokenError(TokenRejection.MALFORMED) from error
        try:
            claims = msgspec.convert(decoded.claims, AccessClaims)
        except msgspec.ValidationError as error:
            raise InvalidTokenError(TokenRejection.INVALID_CLAIMS) from error
        self._check_claims(claims, now)
        return claims, key.kid

    def _check_claims(self, claims: AccessClaims, now: datetime) -> None:
        moment = now.timestamp()
        leeway = self.settings.leeway.total_seconds()
        if claims.iss != self.settings.issuer:
            raise InvalidTokenError(TokenRejection.WRONG_ISSUER)
        if claims.aud != self.settings.audience:
            raise InvalidTokenError(TokenRejection.WRONG_AUDIENCE)
        if moment >= claims.exp + leeway:
            raise InvalidTokenError(TokenRejection.EXPIRED)
        if max(claims.nbf, claims.iat) > moment + leeway:
            raise InvalidTokenError(TokenRejection.NOT_YET_VALID)


def _unverified_header(token: str) -> dict[str, Any]:
    try:
        return jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError, UnicodeError) as error:
        raise InvalidTokenError(TokenRejection.MALFORMED) from error


def _pinned_key(ring: KeyRing, header: dict[str, Any]) -> SigningKey:
    kid = header.get("kid") if isinstance(header, dict) else None
    if not isinstance(kid, str) or KID_SHAPE.fullmatch(kid) is None:
        raise InvalidTokenError(TokenRejection.MALFORMED)  # cannot be one of our keys
    key = ring.find(kid)
    if key is None:
        raise InvalidTokenError(TokenRejection.UNKNOWN_KEY)
    if header.get("alg") != key.algorithm:
        raise InvalidTokenError(TokenRejection.ALGORITHM_NOT_ALLOWED)
    if header.get("typ") != ACCESS_JWT_TYPE:
        raise InvalidTokenError(TokenRejection.WRONG_TYPE)
    return key
