"""The client IP: the peer, or the right-most untrusted X-Forwarded-For hop behind a proxy."""

import pytest

from aims.kernel.clients import client_ip, parse_trusted_proxies
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
