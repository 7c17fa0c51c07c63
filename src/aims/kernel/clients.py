"""Who is on the other end of a request: its IP address behind trusted proxies, and its scheme.

The client IP is the peer address of the connection, unless that peer is one
of `AIMS_TRUSTED_PROXIES`: then it is the right-most `X-Forwarded-For` hop that
is not a trusted proxy (hops to its left were written by the client and prove
nothing). It is always a validated IP address, never a free string; a peer
that is not an IP (a Unix socket, a test client) has none. The middleware
writes the result into the ASGI scope, so `request.client` is right everywhere.
"""

from __future__ import annotations

from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from aims.kernel.addresses import Networks, client_ip, is_trusted, valid_ip


def is_secure(scope: Scope) -> bool:
    """Cookies are `Secure` except over plain HTTP to a loopback host (development)."""
    if scope.get("scheme") == "https":
        return True
    host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
    if host.startswith("[") and "]" in host:  # [IPv6]:port
        name = host[1 : host.index("]")]
    else:
        name = host.rsplit(":", 1)[0]
    address = valid_ip(name)
    return not (name == "localhost" or (address is not None and address.is_loopback))


def private_cookie(key: str, value: str, max_age: int, *, secure: bool, path: str = "/") -> Cookie:
    """A cookie for the server alone: HttpOnly, SameSite=Lax, and `Secure` as `is_secure` says."""
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite="lax",
        secure=secure,
    )


class ClientAddressMiddleware(ASGIMiddleware):
    """Replace the scope's client with the validated client IP (and the scheme a trusted
    proxy reports in `X-Forwarded-Proto`)."""

    scopes = (ScopeType.HTTP, ScopeType.WEBSOCKET)

    def __init__(self, trusted: Networks) -> None:
        self.trusted = trusted

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        peer = scope.get("client")
        peer_ip = valid_ip(peer[0]) if peer else None
        forwarded = _header_values(scope, b"x-forwarded-for")
        address = client_ip(str(peer_ip) if peer_ip else None, forwarded, self.trusted)
        if peer_ip is not None and is_trusted(peer_ip, self.trusted):
            scheme = _forwarded_scheme(_header_values(scope, b"x-forwarded-proto"))
            if scheme is not None and scope["type"] == ScopeType.HTTP:
                scope["scheme"] = scheme
        scope["client"] = (address, peer[1] if peer else 0) if address else None
        await next_app(scope, receive, send)


def _forwarded_scheme(values: list[str]) -> str | None:
    """The scheme the nearest proxy reports (its value is the right-most)."""
    hops = [hop.strip().lower() for value in values for hop in value.split(",")]
    return hops[-1] if hops and hops[-1] in {"http", "https"} else None


def _header_values(scope: Scope, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope["headers"] if key == name]
