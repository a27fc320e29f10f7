"""Where a team robot's webhook may point (quality.md R14): https to a chat robot's host, public addresses only,
numeric hosts read as the resolver reads them."""
from __future__ import annotations

import ipaddress

import pytest

from banzu_gateway.domain.robot_urls import (RobotHosts, RobotUrlRefused, address_kind, check_addresses,
                                             numeric_address, target_of)

DEFAULT = RobotHosts()


def refusal(url: str, hosts: RobotHosts = DEFAULT) -> str:
    with pytest.raises(RobotUrlRefused) as refused:
        target_of(url, hosts)
    assert refused.value.errors == {"url": [refused.value.message]} and refused.value.reason == "robot_url_refused"
    return refused.value.message


@pytest.mark.parametrize("written, address", [
    ("127.0.0.1", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("127.1", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("127.0.1", "127.0.0.1"), ("0", "0.0.0.0"),
    ("169.254.43518", "169.254.169.254"), ("::1", "::1"), ("::ffff:7f00:1", "::ffff:7f00:1"),
])
def test_hosts_written_as_addresses_are_read_as_the_resolver_reads_them(written, address):
    assert numeric_address(written) == ipaddress.ip_address(address)


@pytest.mark.parametrize("name", ["oapi.dingtalk.com", "08.0.0.1", "0x", "1.2.3.4.5", "256.1.1.1", "1e100.net", ""])
def test_names_are_not_addresses(name):
    assert numeric_address(name) is None


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("169.254.169.254", "cloud metadata"), ("100.100.100.200", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"),
    ("240.0.0.1", "private"), ("100.64.0.1", "non-public"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("2002:7f00:1::", "loopback"),
    ("2002:a9fe:a9fe::", "cloud metadata"), ("64:ff9b::7f00:1", "loopback"),
    ("8.8.8.8", None), ("2606:4700::1111", None), ("2002:808:808::", None),
])
def test_every_kind_of_address_that_is_not_public_is_named(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1:8001/contests", "must be an https:// address"),
    ("http://169.254.169.254/latest/meta-data", "must be an https:// address"),
    ("http://localhost:15672/api/users", "must be an https:// address"),
    ("http://0x7f000001:8003/x", "must be an https:// address"),
    ("http://oapi.dingtalk.com/robot/send?access_token=a", "must be an https:// address"),
    ("https://127.0.0.1:8001/contests", "leads to 127.0.0.1, a loopback address; a robot must be at a public address"),
    ("https://169.254.169.254/latest/meta-data", "leads to 169.254.169.254, a cloud metadata address; a robot must be "
                                                 "at a public address"),
    ("https://0x7f000001:8003/x", "leads to 127.0.0.1, a loopback address; a robot must be at a public address"),
    ("https://2130706433/x", "leads to 127.0.0.1, a loopback address; a robot must be at a public address"),
    ("https://127.1/x", "leads to 127.0.0.1, a loopback address; a robot must be at a public address"),
    ("https://[::ffff:127.0.0.1]/x", "leads to ::ffff:7f00:1, a loopback address; a robot must be at a public "
                                     "address"),
    ("https://oapi.dingtalk.com@127.0.0.1/robot/send", "must not hold a user name or password"),
    ("https://oapi.dingtalk.com\\@127.0.0.1/robot/send", "is not the web address of a host"),
    ("https://oapi.dingtalk.com:99999/robot/send", "is not the web address of a host"),
])
def test_the_issues_addresses_and_their_disguises_are_refused(url, message):
    assert refusal(url) == message


def test_only_the_robot_services_hosts_and_those_listed_are_allowed():
    message = refusal("https://localhost:15672/api/users")
    assert message == ("names the host localhost, which is not a chat robot's (allowed: qyapi.weixin.qq.com, "
                       "oapi.dingtalk.com, open.feishu.cn, open.larksuite.com)")
    assert refusal("https://8.8.8.8/hook").startswith("names the host 8.8.8.8, which is not a chat robot's")
    listed = RobotHosts.of(" Robot.Example.COM. ,8.8.8.8")
    assert target_of("https://robot.example.com/hook", listed).host == "robot.example.com"
    assert target_of("https://0x08080808/hook", listed).host == "8.8.8.8"


def test_a_target_keeps_the_path_and_query_and_says_its_host_and_shape():
    wecom = target_of("https://QYAPI.weixin.qq.com./cgi-bin/webhook/send?key=k#frag", DEFAULT)
    assert (wecom.scheme, wecom.host, wecom.port, wecom.target, wecom.host_header, wecom.feishu) == (
        "https", "qyapi.weixin.qq.com", 443, "/cgi-bin/webhook/send?key=k", "qyapi.weixin.qq.com", False)
    feishu = target_of("https://open.feishu.cn:8443/open-apis/bot/v2/hook/x", DEFAULT)
    assert (feishu.host_header, feishu.feishu) == ("open.feishu.cn:8443", True)


def test_listing_a_host_never_makes_a_private_address_reachable():
    listed = RobotHosts.of("localhost,127.0.0.1,169.254.169.254,0x7f000001")
    assert refusal("https://127.0.0.1/x", listed).startswith("leads to 127.0.0.1, a loopback address")
    assert refusal("https://169.254.169.254/x", listed).startswith("leads to 169.254.169.254, a cloud metadata")
    target = target_of("https://localhost/x", listed)  # a name: its addresses are checked once resolved
    with pytest.raises(RobotUrlRefused, match="leads to 127.0.0.1, a loopback address"):
        check_addresses(target.host, [ipaddress.ip_address("127.0.0.1")], listed)
    with pytest.raises(RobotUrlRefused, match="leads to 10.0.0.5, a private address"):
        check_addresses(target.host, [ipaddress.ip_address("8.8.8.8"), ipaddress.ip_address("10.0.0.5")], listed)


def test_a_test_receiver_listed_with_private_addresses_allowed_may_be_local_and_plain_http():
    receiver = RobotHosts.of("127.0.0.1,robot.test", private_allowed=True)
    assert target_of("http://127.0.0.1:8123/hook", receiver).host_header == "127.0.0.1:8123"
    check_addresses("robot.test", [ipaddress.ip_address("127.0.0.1")], receiver)
    assert refusal("http://oapi.dingtalk.com/robot/send", receiver) == "must be an https:// address"
    with pytest.raises(RobotUrlRefused, match="loopback"):
        check_addresses("oapi.dingtalk.com", [ipaddress.ip_address("127.0.0.1")], receiver)
