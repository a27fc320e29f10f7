"""Team robots reach chat robot services only (quality.md R14): `PUT /teams/{code}/robot` refuses each hostile
address with 422 in words, and the sender checks again for every message, posts only to an address it checked
(the robot's name as Host and TLS server name) and never follows a redirect. A test receiver on this machine is
allowed only by listing it in BANZU_ROBOT_HOSTS with BANZU_ROBOT_ALLOW_PRIVATE=1, which production refuses."""
from __future__ import annotations

import ipaddress
import uuid

import pytest

from banzu_common.config import ConfigurationError
from banzu_common.testing_receivers import RobotServer, tls_files

from banzu_gateway.adapters import robot_hosts
from banzu_gateway.adapters.delivery_queue import Outgoing
from banzu_gateway.adapters.outgoing import Permanent, RobotTransport, Temporary
from banzu_gateway.domain.robot_urls import RobotHosts

from gateway_support import problem_of

ISSUE = ("http://127.0.0.1:8001/api/v1/contests", "http://169.254.169.254/latest/meta-data",
         "http://localhost:15672/api/users", "http://0x7f000001:8003/x")
HOSTILE = ISSUE + ("https://127.0.0.1:8001/api/v1/contests", "https://169.254.169.254/latest/meta-data",
                   "https://localhost:15672/api/users", "https://0x7f000001:8003/x", "https://2130706433/x",
                   "https://127.1/x", "https://[::ffff:127.0.0.1]/x", "https://[::1]/x",
                   "https://oapi.dingtalk.com@127.0.0.1/robot/send")


def addresses(*written: str):
    return [ipaddress.ip_address(a) for a in written]


def fake_dns(table: dict[str, list[str]]):
    """A resolver answering from `table` (a name missing from it does not resolve)."""
    def resolve(host: str, _port: int):
        if host not in table:
            raise robot_hosts.Unresolvable(f"{host} cannot be resolved")
        return addresses(*table[host])
    return resolve


def message(url: str) -> Outgoing:
    return Outgoing(1, uuid.uuid4().hex, "robot", "T1", url, None, "【晋升喜报】王小明", None, 0)


@pytest.fixture
def team(add_team, tag) -> str:
    add_team(f"R{tag}")
    return f"R{tag}"


def put(client, token, team: str, url: str):
    return client.put(f"/api/v1/teams/{team}/robot", headers=token("hr"), json={"url": url})


@pytest.mark.parametrize("url", HOSTILE)
def test_setting_a_robot_to_a_hostile_address_is_refused_in_words(client, token, team, url):
    answer = put(client, token, team, url)
    assert answer.status_code == 422, url
    problem = problem_of(answer)
    [said] = problem["errors"]["url"]
    if problem["reason"] != "invalid":  # the schema's own "Not a valid URL." for some shapes (127.1, [::ffff:…])
        assert problem["reason"] == "robot_url_refused" and problem["detail"] == f"The robot's URL {said}."
    assert client.get(f"/api/v1/teams/{team}/robot", headers=token("hr")).get_json()["url"] is None


def test_listing_the_hosts_does_not_make_their_private_addresses_reachable(client, token, team, monkeypatch):
    monkeypatch.setenv("BANZU_ROBOT_HOSTS", "localhost,127.0.0.1,169.254.169.254,0x7f000001,rebound.example")
    monkeypatch.setattr(robot_hosts, "resolve", fake_dns({"localhost": ["127.0.0.1"],
                                                          "rebound.example": ["8.8.8.8", "10.0.0.5"]}))
    for url, said in (("https://localhost:15672/api/users", "leads to 127.0.0.1, a loopback address"),
                      ("https://169.254.169.254/latest/meta-data", "leads to 169.254.169.254, a cloud metadata address"),
                      ("https://0x7f000001:8003/x", "leads to 127.0.0.1, a loopback address"),
                      ("https://rebound.example/hook", "leads to 10.0.0.5, a private address")):
        answer = put(client, token, team, url)
        assert answer.status_code == 422 and problem_of(answer)["errors"]["url"][0].startswith(said), url


def test_a_robot_host_at_public_addresses_is_kept_and_one_not_resolving_now_is_checked_when_sending(
        client, token, team, monkeypatch):
    monkeypatch.setattr(robot_hosts, "resolve", fake_dns({"oapi.dingtalk.com": ["106.11.0.1", "2408:4000::1"]}))
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    assert put(client, token, team, url).get_json() == {"team": team, "url": url}
    feishu = "https://open.feishu.cn/open-apis/bot/v2/hook/abc"
    assert put(client, token, team, feishu).status_code == 200


def test_private_addresses_for_test_receivers_cannot_be_turned_on_in_production(monkeypatch):
    monkeypatch.setenv("BANZU_ROBOT_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BANZU_ROBOT_ALLOW_PRIVATE", "1")
    assert robot_hosts.hosts_from_env() == RobotHosts(("127.0.0.1",), True)
    monkeypatch.setenv("BANZU_ENV", "production")
    with pytest.raises(ConfigurationError, match="BANZU_ROBOT_ALLOW_PRIVATE"):
        robot_hosts.hosts_from_env()
    with pytest.raises(ConfigurationError):
        RobotTransport()


# -- sending -------------------------------------------------------------------------------------------------

@pytest.fixture
def robot():
    with RobotServer() as server:
        yield server


@pytest.mark.parametrize("url", HOSTILE)
def test_a_stored_hostile_address_fails_its_message_at_once_without_a_request(robot, url, monkeypatch):
    """A URL stored before the rule, or one the operator's list no longer allows, is refused when sending."""
    port = robot.server.server_address[1]
    with pytest.raises(Permanent, match="^not sent: the robot's URL "):
        RobotTransport(RobotHosts()).send(message(url.replace(":8001", f":{port}")))
    with pytest.raises(Permanent, match="^not sent: the robot's URL "):
        RobotTransport(RobotHosts.of("127.0.0.1,localhost,169.254.169.254")).send(message(robot.url("hook")))
    assert robot.attempts == {}


def test_a_name_that_resolves_elsewhere_when_sending_is_refused(robot):
    """DNS rebinding: public when HR set it, this machine when the message goes."""
    hosts = RobotHosts.of("robot.example")
    robot_hosts.checked("https://robot.example/hook", hosts, fake_dns({"robot.example": ["8.8.8.8"]}))
    rebound = RobotTransport(hosts, fake_dns({"robot.example": ["127.0.0.1"]}))
    with pytest.raises(Permanent, match="leads to 127.0.0.1, a loopback address"):
        rebound.send(message(f"https://robot.example:{robot.server.server_address[1]}/hook"))
    one_of_two = RobotTransport(hosts, fake_dns({"robot.example": ["8.8.8.8", "192.168.1.10"]}))
    with pytest.raises(Permanent, match="leads to 192.168.1.10, a private address"):
        one_of_two.send(message("https://robot.example/hook"))
    unknown = RobotTransport(hosts, fake_dns({}))
    with pytest.raises(Temporary, match="cannot be resolved"):
        unknown.send(message("https://robot.example/hook"))
    assert robot.attempts == {}


def test_the_sender_posts_to_the_address_it_checked_with_the_robots_name_as_host(robot):
    """robot.test is in no DNS: the post reaches the receiver only through the checked address."""
    transport = RobotTransport(RobotHosts.of("robot.test", private_allowed=True), fake_dns({"robot.test": ["127.0.0.1"]}))
    transport.send(message(robot.url("hook", host="robot.test")))
    assert robot.texts("hook") == ["【晋升喜报】王小明"]
    assert robot.hosts == [f"robot.test:{robot.server.server_address[1]}"]


def test_over_https_the_robots_name_is_the_tls_server_name_and_the_certificate_must_carry_it(tmp_path):
    files = tls_files(tmp_path, "robot.test")
    with RobotServer(tls=files) as robot:
        hosts = RobotHosts.of("robot.test,other.test", private_allowed=True)
        dns = fake_dns({"robot.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
        RobotTransport(hosts, dns, ca_certs=files.authority).send(message(robot.url("hook", host="robot.test")))
        assert robot.texts("hook") == ["【晋升喜报】王小明"] and robot.server_names == ["robot.test"]
        with pytest.raises(Temporary, match="SSLError"):
            RobotTransport(hosts, dns, ca_certs=files.authority).send(message(robot.url("other", host="other.test")))
        assert "other" not in robot.attempts, "a certificate for another name: nothing is sent"


def test_a_robot_answering_with_a_redirect_is_not_followed(robot, monkeypatch):
    with RobotServer() as elsewhere, RobotServer(redirect_to=elsewhere.url("stolen")) as redirecting:
        redirecting.answer("hook", 307)
        transport = RobotTransport(RobotHosts.of("127.0.0.1", private_allowed=True))
        with pytest.raises(Permanent, match=r"^HTTP 307: the robot sends elsewhere \(127\.0\.0\.1\); redirects are "
                                            r"not followed$"):
            transport.send(message(redirecting.url("hook")))
        assert elsewhere.attempts == {}


def test_feishu_and_lark_robots_get_their_own_message_shape(robot):
    transport = RobotTransport(RobotHosts.of("open.feishu.cn", private_allowed=True),
                               fake_dns({"open.feishu.cn": ["127.0.0.1"]}))
    transport.send(message(robot.url("open-apis/bot/v2/hook/x", host="open.feishu.cn")))
    assert robot.received["open-apis/bot/v2/hook/x"] == [{"msg_type": "text", "content": {"text": "【晋升喜报】王小明"}}]
