"""The client's address behind reverse proxies this deployment trusts (BANZU_TRUSTED_PROXIES).

A peer's X-Forwarded-For is believed only when the peer itself is a trusted proxy, and only back to
the first hop that is not one: anyone can send the header, so an untrusted sender's copy is ignored
and a spoofed entry at the left of a trusted chain is never reached. (werkzeug's ProxyFix trusts a
number of hops whatever their addresses, so a client reaching the application directly could pick
its own address.)
"""
from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network


def trusted_networks(text: str) -> tuple[Network, ...]:
    """'10.0.0.0/8, 192.168.1.7' -> networks; a bad entry stops the start (ValueError)."""
    return tuple(ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The rightmost address in the chain peer <- X-Forwarded-For that no trusted proxy stands for."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    address = peer
    while hops and _trusted(address, networks):
        hop = hops.pop()
        if not _valid(hop):
            break  # a malformed entry: the last trusted hop is all that is known
        address = hop
    return address


def _valid(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


class TrustedProxies:
    """WSGI middleware: REMOTE_ADDR becomes the client's address, so every later reader (sign-in
    throttling, forwarded X-Forwarded-For, logs) sees the same one."""

    def __init__(self, app, networks: tuple[Network, ...]):
        self.app = app
        self.networks = networks

    def __call__(self, environ, start_response):
        if self.networks:
            environ["REMOTE_ADDR"] = client_address(environ.get("REMOTE_ADDR", ""),
                                                    environ.get("HTTP_X_FORWARDED_FOR", ""), self.networks)
        return self.app(environ, start_response)
