"""Who is on the other end of a request: its IP address behind trusted proxies, and its scheme.

The client IP is the peer address of the connection, unless that peer is one
of `AIMS_TRUSTED_PROXIES`: then it is the right-most `X-Forwarded-For` hop that
is not a trusted proxy (hops to its left were written by the client and prove
nothing). It is always a validated IP address, never a free string; a peer
that is not an IP (a Unix socket, a test client) has none. The middleware
writes the result into the ASGI scope, so `request.client` is right everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

IPAddress = IPv4Address | IPv6Address
Networks = tuple[IPv4Network | IPv6Network, ...]
MAX_FORWARDED_HOPS = 32  # a longer chain is cut from the left (the client-written end)


def parse_trusted_proxies(raw: str) -> Networks:
    """Comma-separated IPs or CIDR blocks; `ValueError` naming the first bad entry."""
    networks = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or CIDR block: {entry!r}") from None
    return tuple(networks)


def valid_ip(value: str | None) -> IPAddress | None:
    """`value` as an IP address (IPv4-mapped IPv6 as IPv4), or None when it is not one."""
    if not value or len(value) > 45:  # the longest textual IPv6 address
        return None
    try:
        address = ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(peer: str | None, forwarded_for: Iterable[str], trusted: Networks) -> str | None:
    """The client's address (see the module docstring)."""
    current = valid_ip(peer)
    if current is None:
        return None
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops[-MAX_FORWARDED_HOPS:]):
        if not _is_trusted(current, trusted):
            break
        forwarded = valid_ip(hop)
        if forwarded is None:  # a trusted proxy wrote garbage: keep the last address we trust
            break
        current = forwarded
    return str(current)


def _is_trusted(address: IPAddress, trusted: Networks) -> bool:
    return any(address in network for network in trusted)


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
        if peer_ip is not None and _is_trusted(peer_ip, self.trusted):
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
