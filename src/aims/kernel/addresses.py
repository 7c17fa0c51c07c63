"""Client addresses: IPs validated, and the client's IP found behind trusted proxies.

Pure rules with no framework (settings validate `AIMS_TRUSTED_PROXIES` with them); the
middleware in `kernel.clients` applies them to each request.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

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


@lru_cache(maxsize=4096)  # a peer address is parsed once, not once per request
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
        if not is_trusted(current, trusted):
            break
        forwarded = valid_ip(hop)
        if forwarded is None:  # a trusted proxy wrote garbage: keep the last address we trust
            break
        current = forwarded
    return str(current)


def is_trusted(address: IPAddress, trusted: Networks) -> bool:
    """Whether `address` is one of the trusted proxies."""
    return any(address in network for network in trusted)
