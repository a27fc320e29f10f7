"""Real receivers of outgoing messages for tests: an SMTP server (aiosmtpd, in this process) and an
HTTP (or HTTPS) server standing in for a team group's chat robot. Both can be told to refuse for a while."""
from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """Accepts every message, except while `refuse_for(seconds)` is in force or for the next n
    recipients after `refuse_next(n)`: those are answered 451 (smtplib raises SMTPRecipientsRefused);
    `fail_data(n)` answers 451 to the next n DATA commands (SMTPDataError). Messages are kept parsed,
    in arrival order."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refused = 0
        self._refuse_until = 0.0
        self._fail_data = 0
        self._refuse_next = 0
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    def __enter__(self) -> "MailSink":
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port

    def refuse_for(self, seconds: float) -> None:
        self._refuse_until = time.monotonic() + seconds

    def fail_data(self, times: int) -> None:
        self._fail_data = times

    def refuse_next(self, recipients: int) -> None:
        self._refuse_next = recipients

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            refuse = time.monotonic() < self._refuse_until or self._refuse_next > 0
            self._refuse_next = max(0, self._refuse_next - 1)
        if refuse:
            self.refused += 1
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)  # a handler of RCPT must keep the address itself
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self._fail_data > 0:
                self._fail_data -= 1
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in list(self.messages) if m["To"] == address]


class _ServedInThread:
    """A local HTTP server on a free port, answering from a thread while in a `with` block."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _reply_json(handler: BaseHTTPRequestHandler, status: int, reply: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(reply)))
    handler.end_headers()
    handler.wfile.write(reply)


class RobotServer(_ServedInThread):
    """A chat robot's webhook: POSTs to `/<path>` are kept (their JSON) and answered with the status
    set for that path (200 with `{"errcode": 0}` unless `answer(path, status)` says otherwise; a 3xx
    sends to `redirect_to`). With `tls` (see `tls_files`) it answers https and notes the server name
    each client asked for (SNI); the Host header of every request is kept."""

    def __init__(self, tls: "TlsFiles | None" = None, redirect_to: str = ""):
        self.received: dict[str, list[dict]] = {}
        self.statuses: dict[str, int] = {}
        self.attempts: dict[str, int] = {}
        self.hosts: list[str] = []
        self.server_names: list[str | None] = []
        self.tls = tls
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                path = self.path.lstrip("/")
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.attempts[path] = outer.attempts.get(path, 0) + 1
                outer.hosts.append(self.headers.get("Host", ""))
                status = outer.statuses.get(path, 200)
                if status == 200:
                    outer.received.setdefault(path, []).append(json.loads(body))
                if 300 <= status < 400:
                    self.send_response(status)
                    self.send_header("Location", redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                _reply_json(self, status, json.dumps({"errcode": 0 if status == 200 else 1, "errmsg": "ok"}).encode())

            def log_message(self, *_args):
                pass

        self._serve(Handler)
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls.certificate, tls.key)
            context.sni_callback = lambda _socket, name, _context: outer.server_names.append(name)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{'https' if self.tls else 'http'}://{host}:{self.server.server_address[1]}/{path}"

    def answer(self, path: str, status: int) -> None:
        self.statuses[path] = status

    def texts(self, path: str) -> list[str]:
        return [message["text"]["content"] for message in self.received.get(path, [])]


@dataclass(frozen=True)
class TlsFiles:
    authority: str  # the certificate authority's certificate, for the client to trust
    certificate: str
    key: str


def tls_files(directory: Path, name: str) -> TlsFiles:
    """A throw-away certificate authority and a certificate it signed for the host `name` (openssl)."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test robots CA")
    openssl("req", *curve, "-keyout", "robot.key", "-out", "robot.csr", "-subj", f"/CN={name}")
    (directory / "robot.ext").write_text(f"subjectAltName=DNS:{name}\nbasicConstraints=CA:FALSE\n")
    openssl("x509", "-req", "-in", "robot.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "robot.pem", "-days", "2", "-extfile", "robot.ext")
    return TlsFiles(str(directory / "ca.pem"), str(directory / "robot.pem"), str(directory / "robot.key"))


class RequestRecorder(_ServedInThread):
    """An HTTP service standing in for one of Banzu's: it answers every GET, POST and PUT with 200 and
    keeps the request target of each request exactly as it arrived on the request line, its headers
    and its body."""

    def __init__(self):
        self.targets: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.bodies: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the gateway's pooled client expects

            def do_GET(self):
                outer.targets.append(self.path)
                outer.headers.append(dict(self.headers))
                outer.bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                _reply_json(self, 200, b'{"ok": true}')

            do_POST = do_PUT = do_GET

            def log_message(self, *_args):
                pass

        self._serve(Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"
