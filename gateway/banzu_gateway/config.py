"""The gateway's own settings, read from the environment here and nowhere else in the gateway.

What every part shares (database, broker, token secret, production or not, the services' addresses)
is banzu_common.config, which the runtime reads once (`runtime.settings`); what follows is the
gateway's alone. Each value is read when it is asked for, as it always was, so a process sees what
it was started with and a test may set one for itself; the scoring settings and the robots' language
are kept once read (service_layer). An empty variable counts as unset.
"""
from __future__ import annotations

import os

TRUE = ("1", "true", "yes")


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def _set(name: str) -> str | None:
    return os.environ.get(name) or None


def public_url() -> str:
    """Where people reach Banzu (BANZU_PUBLIC_URL): links in e-mails point there, and an https address
    makes the pages' session cookie secure."""
    return _env("BANZU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")


def mail() -> dict:
    """The SMTP server and the From header (BANZU_SMTP_*): the fields of adapters.outgoing.MailSettings."""
    starttls = _env("BANZU_SMTP_STARTTLS", "false").lower() in TRUE
    return {"host": _env("BANZU_SMTP_HOST"), "port": int(_env("BANZU_SMTP_PORT", "587" if starttls else "25")),
            "username": _env("BANZU_SMTP_USERNAME"), "password": _env("BANZU_SMTP_PASSWORD"), "starttls": starttls,
            "sender": _env("BANZU_SMTP_FROM", "Banzu <banzu@localhost>"), "public_url": public_url()}


def sender() -> dict:
    """The sender's settings that are set (service_layer.sending.SenderSettings has the defaults)."""
    found: dict = {}
    if delays := _set("BANZU_DELIVERY_RETRY_SECONDS"):
        found["retry_seconds"] = tuple(float(part) for part in delays.split(",") if part.strip())
    for field, name, kind in (("batch", "BANZU_SENDER_BATCH", int),
                              ("poll_seconds", "BANZU_SENDER_POLL_SECONDS", float),
                              ("robot_per_minute", "BANZU_ROBOT_PER_MINUTE", int)):
        if (value := _set(name)) is not None:
            found[field] = kind(value)
    return found


def robot_hosts() -> tuple[str, bool]:
    """BANZU_ROBOT_HOSTS (hosts added to the robot services', comma-separated) and whether
    BANZU_ROBOT_ALLOW_PRIVATE lets them be private addresses."""
    return _env("BANZU_ROBOT_HOSTS"), _env("BANZU_ROBOT_ALLOW_PRIVATE").lower() in TRUE


def robot_language(default: str) -> str:
    """The language team chat groups read (BANZU_ROBOT_LANGUAGE)."""
    return _env("BANZU_ROBOT_LANGUAGE", default)


def scoring_settings_file() -> str | None:
    """A site's own team score settings (BANZU_SCORING_SETTINGS), else the defaults."""
    return _set("BANZU_SCORING_SETTINGS")


def account_check_seconds(default: float) -> float:
    """How long an account's standing is believed without reading it again (BANZU_ACCOUNT_CHECK_SECONDS)."""
    return float(_set("BANZU_ACCOUNT_CHECK_SECONDS") or default)


def service_pool_size() -> int:
    """Connections kept to each service per process (BANZU_GATEWAY_POOL)."""
    return int(_env("BANZU_GATEWAY_POOL", "32"))


def service_timeouts() -> tuple[float, float]:
    """Connect and read timeouts of a call passed through to a service (BANZU_GATEWAY_*_TIMEOUT)."""
    return float(_env("BANZU_GATEWAY_CONNECT_TIMEOUT", "2")), float(_env("BANZU_GATEWAY_READ_TIMEOUT", "30"))


def digest_hour(default: int) -> int:
    """From which hour (site time) HR's daily digest goes out (BANZU_DIGEST_HOUR)."""
    return int(_set("BANZU_DIGEST_HOUR") or default)


def admin_account() -> tuple[str | None, str | None]:
    """The first admin's user name and password (BANZU_ADMIN_USERNAME, BANZU_ADMIN_PASSWORD); the
    admin command line signs in with them by default."""
    return _set("BANZU_ADMIN_USERNAME"), _set("BANZU_ADMIN_PASSWORD")


def gateway_url() -> str:
    """Where the admin command line reaches the gateway (BANZU_URL)."""
    return _env("BANZU_URL", "http://127.0.0.1:8000")


def demo_password() -> str | None:
    """The demo accounts' password (BANZU_DEMO_PASSWORD), else one is picked."""
    return _set("BANZU_DEMO_PASSWORD")
