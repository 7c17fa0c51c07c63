"""The client IP: the peer, or the right-most untrusted X-Forwarded-For hop behind a proxy."""

from typing import Any

import pytest

from aims.kernel.addresses import client_ip, parse_trusted_proxies
from aims.kernel.clients import ClientAddressMiddleware
from aims.kernel.settings import SettingsError, load_settings

PROXIES = parse_trusted_proxies("10.0.0.0/8, 127.0.0.1, ::1")


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),  # an untrusted peer's header is ignored
        ("127.0.0.1", [], "127.0.0.1"),
        ("127.0.0.1", ["198.51.100.1"], "198.51.100.1"),
        ("127.0.0.1", ["1.1.1.1, 198.51.100.1, 10.2.3.4"], "198.51.100.1"),  # right-most untrusted
        ("127.0.0.1", ["1.1.1.1", "198.51.100.1"], "198.51.100.1"),  # several headers, in order
        ("127.0.0.1", ["10.1.1.1, 10.2.2.2"], "10.1.1.1"),  # every hop trusted: the left-most
        ("127.0.0.1", ["evil, <script>"], "127.0.0.1"),  # not an IP: the proxy's own address
        ("127.0.0.1", ["x" * 70], "127.0.0.1"),
        ("127.0.0.1", ["::ffff:198.51.100.7"], "198.51.100.7"),
        ("::1", ["2001:db8::1"], "2001:db8::1"),
        ("testclient", ["198.51.100.1"], None),  # a peer that is no IP has no address
        (None, [], None),
    ],
)
def test_the_client_ip_is_always_a_validated_address(
    peer: str | None, forwarded: list[str], expected: str | None
) -> None:
    assert client_ip(peer, forwarded, PROXIES) == expected


def test_by_default_no_proxy_is_trusted() -> None:
    assert client_ip("127.0.0.1", ["198.51.100.1"], parse_trusted_proxies("")) == "127.0.0.1"


def test_a_wrong_trusted_proxies_setting_stops_start_up_naming_it() -> None:
    with pytest.raises(SettingsError, match=r"AIMS_TRUSTED_PROXIES: .*'nonsense'"):
        load_settings({"AIMS_TRUSTED_PROXIES": "10.0.0.0/8,nonsense"})
    assert load_settings({"AIMS_TRUSTED_PROXIES": "10.0.0.0/8, ::1"}).trusted_proxies


async def through_middleware(peer: str, headers: dict[str, str]) -> dict[str, Any]:
    """The scope the app sees after the client-address middleware."""
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)

    scope = {
        "type": "http",
        "scheme": "http",
        "client": (peer, 5000),
        "headers": [(name.encode(), value.encode()) for name, value in headers.items()],
    }
    await ClientAddressMiddleware(PROXIES).handle(scope, None, None, app)  # type: ignore[arg-type]
    return seen


async def test_a_trusted_proxy_also_tells_the_scheme() -> None:
    behind = await through_middleware(
        "10.0.0.2", {"x-forwarded-for": "198.51.100.1", "x-forwarded-proto": "https"}
    )
    assert behind["client"] == ("198.51.100.1", 5000)
    assert behind["scheme"] == "https"
    direct = await through_middleware(
        "203.0.113.9", {"x-forwarded-for": "198.51.100.1", "x-forwarded-proto": "https"}
    )
    assert direct["client"] == ("203.0.113.9", 5000)
    assert direct["scheme"] == "http"
    unix = await through_middleware("testclient", {})
    assert unix["client"] is None
