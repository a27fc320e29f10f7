"""Where a team robot's webhook may point (quality.md R14): `https` to a chat robot's host, and only to public
addresses, so that a robot's URL can never make the sender post into the plant's own network (the services,
the broker's management API, a cloud's metadata address) and show admins what answered.

The hosts are the robot services' own (WeCom, DingTalk, Feishu and Lark, as their documents give the webhook
URLs) and those an operator adds (BANZU_ROBOT_HOSTS). A host written as an address is read the way the
resolver reads it (inet_aton: `127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1` are all 127.0.0.1), and
every address is judged with what it embeds (an IPv4-mapped, 6to4 or NAT64 IPv6 address by its IPv4 one). For
tests and development only, BANZU_ROBOT_ALLOW_PRIVATE lets a host the operator listed be at a private address
and be reached over plain http (a receiver on this machine has no certificate); production refuses the setting.
No I/O here: adapters/robot_hosts.py resolves the names.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from banzu_common.errors import Invalid
from banzu_common.rules import Rule

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_HOSTS = (
    "qyapi.weixin.qq.com",  # WeCom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
    "oapi.dingtalk.com",  # DingTalk: https://oapi.dingtalk.com/robot/send?access_token=…
    "open.feishu.cn",  # Feishu: https://open.feishu.cn/open-apis/bot/v2/hook/…
    "open.larksuite.com",  # Lark: https://open.larksuite.com/open-apis/bot/v2/hook/…
)
FEISHU_HOSTS = ("open.feishu.cn", "open.larksuite.com")  # these take Feishu's message shape, the rest WeCom's
# Cloud metadata services: most are link-local or private anyway; named so that a refusal says what they are.
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254"))
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

NOT_HTTPS = Rule("not_https", "must be an https:// address")
NOT_A_HOST = Rule("invalid_type", "is not the web address of a host", type="url")
WITH_USER = Rule("with_user", "must not hold a user name or password")


class RobotUrlRefused(Invalid):
    """422 on `url`, its message saying why; the sender fails the message with it."""

    def __init__(self, message: str):
        super().__init__({"url": [message]}, detail=f"The robot's URL {message}.", reason="robot_url_refused")
        self.message = message


@dataclass(frozen=True)
class RobotHosts:
    """The hosts a robot may be at: the robot services' and those listed by the operator."""

    listed: tuple[str, ...] = ()
    private_allowed: bool = False  # tests and development only: listed hosts may be private, over http

    @classmethod
    def of(cls, listed: str, private_allowed: bool = False) -> "RobotHosts":
        """From BANZU_ROBOT_HOSTS (comma-separated names or addresses)."""
        return cls(tuple(_canonical(name) for name in listed.split(",") if name.strip()), private_allowed)

    @property
    def allowed(self) -> tuple[str, ...]:
        return DEFAULT_HOSTS + tuple(host for host in self.listed if host not in DEFAULT_HOSTS)

    def local(self, host: str) -> bool:
        """A host the operator listed while private addresses are allowed (a test receiver)."""
        return self.private_allowed and host in self.listed


@dataclass(frozen=True)
class RobotTarget:
    scheme: str
    host: str  # lower case, without a trailing dot; an address in its usual form
    port: int
    target: str  # path and query, as sent on the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == {"https": 443, "http": 80}[self.scheme] else f"{host}:{self.port}"

    @property
    def feishu(self) -> bool:
        return self.host in FEISHU_HOSTS


def target_of(url: str, hosts: RobotHosts) -> RobotTarget:
    """The robot's URL taken apart, or RobotUrlRefused: not https, not a robot's host, or written as an address
    that is not public."""
    if any(c.isspace() or ord(c) < 32 or c in "\\\x7f" for c in url):
        raise RobotUrlRefused(NOT_A_HOST)
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise RobotUrlRefused(WITH_USER)
    try:
        port = parts.port
    except ValueError:
        raise RobotUrlRefused(NOT_A_HOST) from None
    if not parts.hostname:
        raise RobotUrlRefused(NOT_A_HOST)
    host = _canonical(parts.hostname)
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and hosts.local(host)):
        raise RobotUrlRefused(NOT_HTTPS)
    address = numeric_address(host)
    if address is not None:
        check_addresses(host, [address], hosts)
    if host not in hosts.allowed:
        raise RobotUrlRefused(Rule("not_a_robot_host", f"names the host {host}, which is not a chat robot's (allowed: "
                                   f"{', '.join(hosts.allowed)})", host=host, hosts=", ".join(hosts.allowed)))
    path = parts.path or "/"
    return RobotTarget(scheme, host, port or {"https": 443, "http": 80}[scheme],
                       path + (f"?{parts.query}" if parts.query else ""))


def check_addresses(host: str, addresses: list[Address], hosts: RobotHosts) -> None:
    """Every address `host` resolves to must be public (unless it is a listed test receiver's)."""
    if hosts.local(host):
        return
    for address in addresses:
        kind = address_kind(address)
        if kind is not None:
            raise RobotUrlRefused(Rule("not_public", f"leads to {address}, a {kind} address; a robot must be at a "
                                                     "public address", address=address, kind=kind))


def address_kind(address: Address) -> str | None:
    """None for a public address, else what kind of address it is; an address embedding an IPv4 address (mapped,
    6to4, NAT64, Teredo) is judged by that one too."""
    inner = [getattr(address, "ipv4_mapped", None), getattr(address, "sixtofour", None),
             *(getattr(address, "teredo", None) or ())]
    if address.version == 6 and any(address in network for network in NAT64):
        inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    for embedded in filter(None, inner):
        kind = address_kind(embedded)
        if kind is not None:
            return kind
    if address in METADATA:
        return "cloud metadata"
    for kind, test in (("loopback", "is_loopback"), ("unspecified", "is_unspecified"), ("link-local", "is_link_local"),
                       ("multicast", "is_multicast"), ("private", "is_private"), ("reserved", "is_reserved")):
        if getattr(address, test):
            return kind
    return None if address.is_global else "non-public"


def numeric_address(host: str) -> Address | None:
    """`host` as an address when the resolver would read it as one: IPv6, or IPv4 in any of inet_aton's forms
    (one to four parts, each decimal, octal with a leading 0 or hexadecimal with 0x; the last fills the rest)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        base, digits = (16, part[2:]) if part.startswith("0x") else (8, part[1:]) if part.startswith("0") and \
            len(part) > 1 else (10, part)
        if not digits or any(c not in "0123456789abcdef"[:base] for c in digits):
            return None
        values.append(int(digits, base))
    *front, last = values
    if any(value > 255 for value in front) or last >= 256 ** (4 - len(front)):
        return None
    return ipaddress.IPv4Address(sum(value << 8 * (3 - n) for n, value in enumerate(front)) + last)


def _canonical(host: str) -> str:
    host = host.strip().lower().rstrip(".").strip("[]")
    address = numeric_address(host)
    return str(address) if address is not None else host
