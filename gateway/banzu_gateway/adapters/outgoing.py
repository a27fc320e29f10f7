"""How outgoing messages leave: e-mail over SMTP (the standard library's smtplib), or to the log when
no SMTP server is configured (development, the demo), and team robot posts over HTTPS (urllib3).

A transport raises `Temporary` for what may work later (the server refuses for now, is away, answers
5xx) and `Permanent` for what never will (a mailbox that does not exist, a webhook that is not
there); the sender retries the first with growing delay and marks the second failed at once.
"""
from __future__ import annotations

import json
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from datetime import datetime, timezone

import urllib3

from banzu_common.config import ConfigurationError, in_production

from banzu_gateway import config
from banzu_gateway.adapters import robot_hosts
from banzu_gateway.adapters.delivery_queue import Outgoing
from banzu_gateway.domain.notices import robot_host
from banzu_gateway.domain.robot_urls import RobotHosts, RobotTarget, RobotUrlRefused

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15.0


# Why a message was not sent, as the deliveries page says it in words (delivery_error_<reason>).
REASONS = ("unreachable", "server_busy", "sign_in_failed", "recipient_refused", "refused", "redirected",
           "robot_url_refused", "robot_error", "cannot_build", "unexpected")


class Failure(Exception):
    """A failed attempt: `reason` (one of REASONS) for people, the text for whoever fixes it."""

    def __init__(self, detail: str, reason: str = "unexpected"):
        super().__init__(detail)
        self.reason = reason


class Temporary(Failure):
    """Worth trying again later."""


class Permanent(Failure):
    """Trying again cannot help."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    username: str
    password: str
    starttls: bool
    sender: str  # the From header, e.g. "Banzu <banzu@example.com>"
    public_url: str  # links in the e-mails point here

    @classmethod
    def from_env(cls) -> "MailSettings":
        settings = cls(**config.mail())
        if settings.username and not settings.starttls and settings.host not in ("127.0.0.1", "localhost"):
            raise ConfigurationError("BANZU_SMTP_USERNAME is set without BANZU_SMTP_STARTTLS: the password would "
                                     "cross the network unencrypted")
        return settings


def email_message(item: Outgoing, settings: MailSettings) -> EmailMessage:
    """The e-mail of a delivery; its Message-ID is the delivery's own, the same on every attempt, so
    a receiving side that got a message twice can tell. One that cannot be built (a line break in its
    subject, an address the e-mail format cannot hold) never will be: Permanent."""
    try:
        return _email_message(item, settings)
    except Exception as error:  # building touches nothing outside: whatever fails is the content's
        raise Permanent(f"the e-mail cannot be built: {type(error).__name__}: {error}", "cannot_build") from None


def _email_message(item: Outgoing, settings: MailSettings) -> EmailMessage:
    message = EmailMessage()
    domain = parseaddr(settings.sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{item.message_id}@{domain}>"
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["From"] = settings.sender
    message["To"] = Address(addr_spec=item.address)
    message["Subject"] = item.subject or ""
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    link = f"\n\n{settings.public_url}{item.link}" if item.link else ""
    message.set_content(item.body + link)
    return message


class SmtpTransport:
    """One SMTP connection kept for a batch of e-mails, opened again after any failure."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def send(self, item: Outgoing) -> None:
        message = email_message(item, self.settings)
        try:
            connection = self._connection()
            connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as refused:  # not an SMTPResponseException: see the reference facts
            self.close()
            codes = [code for code, _text in refused.recipients.values()]
            error = "; ".join(f"{who}: {code} {text.decode(errors='replace')}"
                              for who, (code, text) in refused.recipients.items())
            final = codes and all(500 <= c < 600 for c in codes)
            raise (Permanent(error, "recipient_refused") if final else Temporary(error, "server_busy")) from None
        except smtplib.SMTPResponseException as answer:  # SMTPDataError, SMTPSenderRefused, …
            self.close()
            text = answer.smtp_error.decode(errors="replace") if isinstance(answer.smtp_error, bytes) \
                else str(answer.smtp_error)
            error = f"{answer.smtp_code} {text}"
            # A refusal of this message (5xx) is final, except a failed sign-in: that is the
            # server's configuration, and every e-mail waits for it to be fixed.
            if isinstance(answer, smtplib.SMTPAuthenticationError):
                raise Temporary(error, "sign_in_failed") from None
            final = 500 <= answer.smtp_code < 600
            raise (Permanent(error, "refused") if final else Temporary(error, "server_busy")) from None
        except (smtplib.SMTPException, OSError) as error:  # disconnected, refused, timed out, TLS
            self.close()
            raise Temporary(f"{type(error).__name__}: {error}", "unreachable") from None

    def _connection(self) -> smtplib.SMTP:
        if self.connection is None:
            connection = smtplib.SMTP(self.settings.host, self.settings.port, timeout=TIMEOUT_SECONDS)
            try:
                if self.settings.starttls:
                    connection.starttls(context=ssl.create_default_context())
                if self.settings.username:
                    connection.login(self.settings.username, self.settings.password)
            except Exception:
                connection.close()
                raise
            self.connection = connection
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


class LogTransport:
    """Without BANZU_SMTP_HOST (development, the demo): each e-mail is written to the sender's log."""

    def __init__(self, settings: MailSettings):
        self.settings = settings

    def send(self, item: Outgoing) -> None:
        message = email_message(item, self.settings)
        log.info("e-mail (no BANZU_SMTP_HOST, so written here instead of sent):\n%s", message.as_string())

    def close(self) -> None:
        pass


class RobotTransport:
    """A team group's chat robot: a JSON text message POSTed to its webhook, in WeCom's and DingTalk's shape
    (Feishu's and Lark's for theirs). These robots answer 200 with a non-zero `errcode` (Feishu: `code`) when
    they refuse (rate limit, bad key).

    Each message checks the URL again and resolves its host (quality.md R14, adapters/robot_hosts.py), then
    connects to one of the addresses it checked, giving the robot's name as Host and as the TLS server name
    (SNI, and the name the certificate must carry): the name is never resolved a second time, so it cannot
    lead elsewhere between the check and the connection (DNS rebinding). A URL or address no longer allowed
    fails the message at once, visible to admins; a redirect is never followed."""

    def __init__(self, hosts: RobotHosts | None = None, resolver=None, ca_certs: str | None = None):
        self.hosts = hosts or robot_hosts.hosts_from_env()
        self.resolver = resolver  # tests: a name's addresses as they say
        self.ca_certs = ca_certs  # tests: their receiver's certificate authority; else the system's
        self.timeout = urllib3.Timeout(connect=5.0, read=TIMEOUT_SECONDS)

    def send(self, item: Outgoing) -> None:
        try:
            target, addresses = robot_hosts.checked(item.address, self.hosts, self.resolver)
        except RobotUrlRefused as refused:
            raise Permanent(f"not sent: the robot's URL {refused.message}", "robot_url_refused") from None
        except robot_hosts.Unresolvable as error:
            raise Temporary(str(error), "unreachable") from None
        text = {"msg_type": "text", "content": {"text": item.body}} if target.feishu else \
            {"msgtype": "text", "text": {"content": item.body}}
        status, data, location = self._post(target, addresses, json.dumps(text, ensure_ascii=False).encode(),
                                            {"Host": target.host_header,
                                             "Content-Type": "application/json; charset=utf-8",
                                             "X-Banzu-Message-ID": item.message_id})
        if status in (408, 429) or status >= 500:
            raise Temporary(f"HTTP {status}", "server_busy")
        if 300 <= status < 400:
            where = robot_host(location) or ("another path" if location else "no Location")
            raise Permanent(f"HTTP {status}: the robot sends elsewhere ({where}); redirects are not followed",
                            "redirected")
        if status >= 400:
            raise Permanent(f"HTTP {status}", "refused")
        try:
            reply = json.loads(data or b"{}")
        except ValueError:
            reply = {}
        code = reply.get("code" if target.feishu else "errcode") if isinstance(reply, dict) else None
        if code not in (None, 0):
            raise Temporary(f"errcode {code}: {reply.get('msg' if target.feishu else 'errmsg', '')}"[:500],
                            "robot_error")

    def _post(self, target: RobotTarget, addresses: list, body: bytes, headers: dict) -> tuple[int, bytes, str]:
        """(status, the answer's first 64 KiB, Location) from the first address that takes the connection."""
        failure: Exception | None = None
        for address in addresses:
            with self._pool(target, address) as pool:
                try:
                    answer = pool.urlopen("POST", target.target, body=body, headers=headers, redirect=False,
                                          retries=False, preload_content=False, assert_same_host=False)
                except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError) as error:
                    failure = error  # this address is away: the next one may not be
                    continue
                except urllib3.exceptions.HTTPError as error:
                    raise Temporary(f"{type(error).__name__}: {error}", "unreachable") from None
                try:
                    return answer.status, answer.read(64 * 1024), answer.headers.get("Location") or ""
                except urllib3.exceptions.HTTPError as error:
                    raise Temporary(f"{type(error).__name__}: {error}", "unreachable") from None
                finally:
                    answer.release_conn()
        raise Temporary(f"{type(failure).__name__}: {failure}", "unreachable")

    def _pool(self, target: RobotTarget, address) -> urllib3.HTTPConnectionPool:
        if target.scheme == "https":
            return urllib3.HTTPSConnectionPool(str(address), target.port, timeout=self.timeout, retries=False,
                                               server_hostname=target.host, assert_hostname=target.host,
                                               cert_reqs="CERT_REQUIRED", ca_certs=self.ca_certs)
        return urllib3.HTTPConnectionPool(str(address), target.port, timeout=self.timeout, retries=False)

    def close(self) -> None:
        pass


def transports() -> dict[str, object]:
    """channel -> transport, from the environment; production needs a real SMTP server."""
    settings = MailSettings.from_env()
    if not settings.host and in_production():
        raise ConfigurationError("BANZU_SMTP_HOST must name the SMTP server in production")
    return {"email": SmtpTransport(settings) if settings.host else LogTransport(settings), "robot": RobotTransport()}
