"""Which address is the client's behind reverse proxies (banzu_common.proxies)."""
from __future__ import annotations

import pytest

from banzu_common.proxies import client_address, trusted_networks

PROXIES = trusted_networks("10.0.0.0/8, 192.168.1.7")


@pytest.mark.parametrize("peer, forwarded_for, client", [
    ("203.0.113.5", "", "203.0.113.5"),                              # no proxy
    ("203.0.113.5", "198.51.100.1", "203.0.113.5"),                  # untrusted peer: header ignored
    ("10.1.2.3", "198.51.100.1", "198.51.100.1"),                    # trusted peer: its client
    ("10.1.2.3", "198.51.100.66, 198.51.100.1", "198.51.100.1"),     # a spoofed entry left of the client
    ("10.1.2.3", "198.51.100.1, 192.168.1.7", "198.51.100.1"),       # two trusted hops
    ("10.1.2.3", "10.4.4.4, 192.168.1.7", "10.4.4.4"),               # every hop trusted: the leftmost
    ("10.1.2.3", "not-an-address", "10.1.2.3"),                      # malformed: the last trusted hop
    ("10.1.2.3", "", "10.1.2.3"),                                    # trusted peer without a header
])
def test_the_client_is_the_first_untrusted_hop_from_the_right(peer, forwarded_for, client):
    assert client_address(peer, forwarded_for, PROXIES) == client


def test_nothing_is_trusted_unless_configured():
    assert client_address("10.1.2.3", "198.51.100.1", trusted_networks("")) == "10.1.2.3"


def test_a_bad_setting_stops_the_start():
    with pytest.raises(ValueError):
        trusted_networks("10.0.0.0/8, proxy.example")
