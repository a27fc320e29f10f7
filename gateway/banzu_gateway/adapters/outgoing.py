"""How outgoing messages leave: e-mail over SMTP (the standard library's smtplib), or to the log when
no SMTP server is configured (development, the demo), and team robot posts over HTTP (urllib3).

A transport raises `Temporary` for what may work later (the server refuses for now, is away, answers
5xx) and `Permanent` for what never will (a mailbox that does not exist, a webhook that is not
there); the sender retries the first with growing delay and marks the second failed at once.
"""
from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from datetime import datetime, timezone

import urllib3

from banzu_common.config import ConfigurationError

from banzu_gateway.adapters.delivery_queue import Outgoing

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15.0


class Temporary(Exception):
    """Worth trying again later."""


class Permanent(Exception):
    """Trying again cannot help."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


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
        starttls = _env("BANZU_SMTP_STARTTLS", "false").lower() in ("1", "true", "yes")
        settings = cls(_env("BANZU_SMTP_HOST"), int(_env("BANZU_SMTP_PORT", "587" if starttls else "25")),
                       _env("BANZU_SMTP_USERNAME"), _env("BANZU_SMTP_PASSWORD"), starttls,
                       _env("BANZU_SMTP_FROM", "Banzu <banzu@localhost>"),
                       _env("BANZU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"))
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
        raise Permanent(f"the e-mail cannot be built: {type(error).__name__}: {error}") from None


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
            raise (Permanent if codes and all(500 <= c < 600 for c in codes) else Temporary)(error) from None
        except smtplib.SMTPResponseException as answer:  # SMTPDataError, SMTPSenderRefused, …
            self.close()
            text = answer.smtp_error.decode(errors="replace") if isinstance(answer.smtp_error, bytes) \
                else str(answer.smtp_error)
            error = f"{answer.smtp_code} {text}"
            # A refusal of this message (5xx) is final, except a failed sign-in: that is the
            # server's configuration, and every e-mail waits for it to be fixed.
            final = 500 <= answer.smtp_code < 600 and not isinstance(answer, smtplib.SMTPAuthenticationError)
            raise (Permanent if final else Temporary)(error) from None
        except (smtplib.SMTPException, OSError) as error:  # disconnected, refused, timed out, TLS
            self.close()
            raise Temporary(f"{type(error).__name__}: {error}") from None

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
    """A team group's chat robot (WeCom / DingTalk style): a JSON text message POSTed to its webhook.
    These robots answer 200 with a non-zero `errcode` when they refuse (rate limit, bad key)."""

    def __init__(self):
        self.http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=5.0, read=TIMEOUT_SECONDS), retries=False)

    def send(self, item: Outgoing) -> None:
        body = json.dumps({"msgtype": "text", "text": {"content": item.body}}, ensure_ascii=False).encode()
        try:
            answer = self.http.request("POST", item.address, body=body,
                                       headers={"Content-Type": "application/json; charset=utf-8",
                                                "X-Banzu-Message-ID": item.message_id})
        except urllib3.exceptions.HTTPError as error:
            raise Temporary(f"{type(error).__name__}: {error}") from None
        if answer.status in (408, 429) or answer.status >= 500:
            raise Temporary(f"HTTP {answer.status}")
        if answer.status >= 400:
            raise Permanent(f"HTTP {answer.status}")
        try:
            reply = json.loads(answer.data or b"{}")
        except ValueError:
            reply = {}
        if isinstance(reply, dict) and reply.get("errcode") not in (None, 0):
            raise Temporary(f"errcode {reply.get('errcode')}: {reply.get('errmsg', '')}"[:500])

    def close(self) -> None:
        pass


def transports() -> dict[str, object]:
    """channel -> transport, from the environment; production needs a real SMTP server."""
    settings = MailSettings.from_env()
    if not settings.host and _env("BANZU_ENV") == "production":
        raise ConfigurationError("BANZU_SMTP_HOST must name the SMTP server in production")
    return {"email": SmtpTransport(settings) if settings.host else LogTransport(settings), "robot": RobotTransport()}
