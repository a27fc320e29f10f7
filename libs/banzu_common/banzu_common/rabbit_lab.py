"""Throw-away RabbitMQ nodes for tests that stop a broker: one node, or a cluster of three.

They come from the machine's Debian `rabbitmq-server` (`/usr/lib/rabbitmq/bin`, called directly:
the `/usr/sbin` wrappers switch to the `rabbitmq` user and the shared node's cookie), each with its
own node name, AMQP and distribution ports, data directory and a private Erlang cookie, so they can
never join or disturb the machine's shared broker. They register with the shared epmd, which is
left alone (it belongs to the shared broker). Everything is removed by `teardown`.

    python -m banzu_common.rabbit_lab start --nodes 3 --dir /tmp/lab   # prints BANZU_BROKER_URL
    python -m banzu_common.rabbit_lab teardown --dir /tmp/lab

Tests use the `rabbit_node` and `rabbit_cluster` fixtures of banzu_common.testing.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(os.environ.get("BANZU_RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"))


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """`count` free AMQP ports, each with its distribution port (+10000) free too."""
    while True:
        first = secrets.randbelow(4000) + 31000
        ports = list(range(first, first + count))
        if all(_free(p) and _free(p + 10000) for p in ports):
            return ports


@dataclass(frozen=True)
class Node:
    name: str  # Erlang node name, e.g. bz1a2b3c1@localhost
    port: int  # AMQP
    home: Path  # its data, logs and configuration

    @property
    def dist_port(self) -> int:
        return self.port + 10000

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    @property
    def pid_file(self) -> Path:
        return self.home / "node.pid"


class RabbitLab:
    def __init__(self, root: Path, nodes: list[Node]):
        self.root = root
        self.nodes = nodes

    # -- making and finding a lab -----------------------------------------------------------------
    @classmethod
    def create(cls, root: Path, size: int) -> "RabbitLab":
        if not (BIN / "rabbitmq-server").exists():
            raise RuntimeError(f"{BIN}/rabbitmq-server not found: install Debian's rabbitmq-server")
        tag = secrets.token_hex(3)
        nodes = [Node(f"bz{tag}n{i}@localhost", port, root / f"n{i}")
                 for i, port in enumerate(_free_ports(size), start=1)]
        lab = cls(root, nodes)
        (root / "home").mkdir(parents=True, exist_ok=True)
        (root / "rabbitmq-env.conf").write_text("")  # do not source /etc/rabbitmq/rabbitmq-env.conf
        cookie = root / "home" / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(16).upper())  # before the first start: nodes would race for it
        cookie.chmod(0o400)
        for node in nodes:
            (node.home / "conf.d").mkdir(parents=True, exist_ok=True)
            # Our own config file: /etc/rabbitmq/rabbitmq.conf would put every node on 5672.
            (node.home / "rabbitmq.conf").write_text(f"listeners.tcp.1 = 127.0.0.1:{node.port}\n"
                                                     "loopback_users = none\n")
            (node.home / "enabled_plugins").write_text("[].\n")
        (root / "lab.json").write_text(json.dumps([[n.name, n.port, str(n.home)] for n in nodes]))
        return lab

    @classmethod
    def open(cls, root: Path) -> "RabbitLab":
        return cls(root, [Node(name, port, Path(home)) for name, port, home in json.loads((root / "lab.json").read_text())])

    @property
    def broker_url(self) -> str:
        """BANZU_BROKER_URL naming every node."""
        return ",".join(node.url for node in self.nodes)

    # -- running nodes ----------------------------------------------------------------------------
    def _cli_env(self) -> dict:
        return {**os.environ, "HOME": str(self.root / "home"),
                "RABBITMQ_CONF_ENV_FILE": str(self.root / "rabbitmq-env.conf")}

    def _node_env(self, node: Node) -> dict:
        mnesia = node.home / "mnesia"
        return {**self._cli_env(),
                "RABBITMQ_NODENAME": node.name, "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
                "RABBITMQ_NODE_PORT": str(node.port), "RABBITMQ_DIST_PORT": str(node.dist_port),
                "RABBITMQ_CONFIG_FILE": str(node.home / "rabbitmq.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE": str(node.home / "advanced.config"),
                "RABBITMQ_CONFIG_FILES": str(node.home / "conf.d"),
                "RABBITMQ_MNESIA_BASE": str(mnesia), "RABBITMQ_MNESIA_DIR": str(mnesia / node.name),
                "RABBITMQ_LOG_BASE": str(node.home / "log"), "RABBITMQ_PID_FILE": str(node.pid_file),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(node.home / "enabled_plugins"),
                "RABBITMQ_ENABLED_PLUGINS": "",
                "ERL_EPMD_ADDRESS": "127.0.0.1", "ERL_FLAGS": "-kernel inet_dist_use_interface {127,0,0,1}"}

    def ctl(self, node: Node, *args: str, timeout: float = 150, tool: str = "rabbitmqctl") -> str:
        done = subprocess.run([str(BIN / tool), "-q", "-n", node.name, *args], env=self._cli_env(),
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} on {node.name} failed: {done.stderr or done.stdout}")
        return done.stdout

    def _launch(self, node: Node) -> None:
        node.pid_file.unlink(missing_ok=True)
        subprocess.run([str(BIN / "rabbitmq-server"), "-detached"], env=self._node_env(node), check=True,
                       capture_output=True)

    def _await(self, node: Node) -> None:
        # `wait <pidfile>` waits for the pid file, distribution and the rabbit app (await_startup
        # right after -detached fails: the node is not registered with epmd yet).
        try:
            self.ctl(node, "wait", "--timeout", "120", str(node.pid_file))
        except RuntimeError as error:
            raise RuntimeError(f"{error}\nsee the logs in {node.home / 'log'}") from None

    def start(self) -> "RabbitLab":
        """Boots every node, then joins the others to the first one."""
        for node in self.nodes:
            self._launch(node)
        for node in self.nodes:
            self._await(node)
        for node in self.nodes[1:]:
            self.ctl(node, "stop_app")
            self.ctl(node, "join_cluster", self.nodes[0].name)
            self.ctl(node, "start_app")
        return self

    def stop(self, node: Node) -> None:
        """Stops the node's broker process (SIGTERM: the Erlang VM shuts down cleanly and exits, at
        once rather than after a CLI start-up); its data stays for `restart`."""
        pid = self._pid(node)
        if pid is None:
            raise RuntimeError(f"{node.name} is not running")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while _alive(pid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{node.name} (pid {pid}) did not exit")
            time.sleep(0.1)

    def restart(self, node: Node) -> None:
        """Starts a stopped node again with the same name, ports and data; it rejoins its cluster."""
        self._launch(node)
        self._await(node)

    def running(self, node: Node) -> bool:
        pid = self._pid(node)
        return pid is not None and _alive(pid)

    def node_named(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def leader(self, queue: str) -> Node:
        """The node leading a quorum queue (asked of any running node)."""
        for node in self.nodes:
            if self.running(node):
                status = json.loads(self.ctl(node, "quorum_status", queue, "--formatter", "json",
                                             tool="rabbitmq-queues"))
                for member in status:
                    if member.get("Raft State") == "leader":
                        return self.node_named(member["Node Name"])
        raise RuntimeError(f"no leader found for {queue}")

    def teardown(self) -> None:
        for node in self.nodes:
            pid = self._pid(node)
            if pid is None or not _alive(pid):
                continue
            try:
                self.ctl(node, "shutdown", timeout=60)
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
            if _alive(pid):  # only our own node's VM, by its pid; never epmd
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    @staticmethod
    def _pid(node: Node) -> int | None:
        try:
            return int(node.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m banzu_common.rabbit_lab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "teardown"])
    parser.add_argument("--dir", type=Path, required=True, help="the lab's directory (removed by teardown)")
    parser.add_argument("--nodes", type=int, default=1)
    args = parser.parse_args(argv)
    if args.action == "start":
        lab = RabbitLab.create(args.dir, args.nodes).start()
        print(f"BANZU_BROKER_URL={lab.broker_url}")
    else:
        RabbitLab.open(args.dir).teardown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
