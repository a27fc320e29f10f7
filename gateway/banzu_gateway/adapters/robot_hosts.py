"""A team robot's webhook checked against the rule of domain/robot_urls.py with the host's addresses as the
resolver gives them now: when HR sets the URL and again for every message sent (the sender then connects to an
address it checked, so a name that resolves elsewhere the second time, DNS rebinding, cannot slip through)."""
from __future__ import annotations

import ipaddress
import socket

from banzu_common.config import ConfigurationError, in_production

from banzu_gateway import config
from banzu_gateway.domain.robot_urls import Address, RobotHosts, RobotTarget, check_addresses, target_of


class Unresolvable(Exception):
    """The host has no address now (unknown name, or the resolver is away)."""


def hosts_from_env() -> RobotHosts:
    """BANZU_ROBOT_HOSTS adds hosts to the robot services'; BANZU_ROBOT_ALLOW_PRIVATE=1 (tests and development)
    lets those listed be private addresses reached over http, and stops a production start."""
    hosts, private = config.robot_hosts()
    if private and in_production():
        raise ConfigurationError("BANZU_ROBOT_ALLOW_PRIVATE is for tests: in production a team robot is never "
                                 "reached at a private address")
    return RobotHosts.of(hosts, private)


def resolve(host: str, port: int) -> list[Address]:
    """Every address of `host` (a name, or an address in any form the resolver reads), in the resolver's order."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unresolvable(f"{host} cannot be resolved: {error}") from None
    addresses: list[Address] = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])  # an IPv6 scope is not part of the address
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise Unresolvable(f"{host} has no address")
    return addresses


def checked(url: str, hosts: RobotHosts, resolver=None) -> tuple[RobotTarget, list[Address]]:
    """The robot's target and its addresses, all allowed; RobotUrlRefused when the URL or an address is not,
    Unresolvable when the host has no address now."""
    target = target_of(url, hosts)
    addresses = (resolver or resolve)(target.host, target.port)
    check_addresses(target.host, addresses, hosts)
    return target, addresses
