"""Settings read from the environment, one object per process.

Every name can be overridden so that tests isolate themselves (own databases, own exchange and
queue names) and deployments point at their own PostgreSQL and RabbitMQ.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from banzu_common.proxies import Network, trusted_networks

DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672/%2F"


class ConfigurationError(RuntimeError):
    """Refuses to start with settings that are unsafe or unusable."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def in_production() -> bool:
    return _env("BANZU_ENV", "development") == "production"


TOKEN_SECRET_FILE = "token-secret"


def installation_secret(data_dir: Path) -> str:
    """The token secret of the installation whose data folder this is: made at random on first use and
    kept there (mode 600), as the demo keeps its admin password. No secret is written in the code, so no
    two installations share one; production sets BANZU_JWT_SECRET instead (one for every process)."""
    path = data_dir / TOKEN_SECRET_FILE
    try:
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            descriptor, draft = tempfile.mkstemp(prefix=f".{TOKEN_SECRET_FILE}.", dir=data_dir)  # mode 600
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_hex(32))
            try:
                os.link(draft, path)  # atomic: processes starting together all read the first one made
            except FileExistsError:
                pass
            finally:
                os.unlink(draft)
        return path.read_text().strip()
    except OSError as error:
        raise ConfigurationError(f"cannot keep the token secret in {path} ({error}): set BANZU_JWT_SECRET") from error


def _delays(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    service: str
    database_url: str
    broker_url: str = DEFAULT_BROKER
    exchange: str = "banzu.events"
    queue_prefix: str = ""
    # signs tokens (and, derived, the web session cookie); made fresh for settings made in code
    jwt_secret: str = field(default_factory=lambda: secrets.token_hex(32))
    token_ttl_seconds: int = 3600
    retry_delays_ms: tuple[int, ...] = (1000, 5000, 25000)
    prefetch: int = 1000
    relay_batch: int = 1000
    relay_poll_seconds: float = 0.2
    # PostgreSQL connections a process keeps open, and how many more it may open at a peak
    db_pool_size: int = 10
    db_max_overflow: int = 20
    production: bool = False
    # A demonstration system, whose clock may be moved forward (say, a sweep for a later day).
    demo: bool = False
    # reverse proxies whose X-Forwarded-For is believed (banzu_common.proxies)
    trusted_proxies: tuple[Network, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def source(self) -> str:
        return f"/banzu/{self.service}"

    @property
    def dead_letter_exchange(self) -> str:
        return f"{self.exchange}.dlx"

    def queue(self, service: str | None = None) -> str:
        return f"{self.queue_prefix}{service or self.service}.events"

    @classmethod
    def from_env(cls, service: str) -> "Settings":
        key = service.upper()
        data_dir = Path(_env("BANZU_DATA_DIR", "var"))
        database_url = _env(f"BANZU_{key}_DATABASE_URL") or f"sqlite:///{data_dir.resolve() / (service + '.db')}"
        settings = cls(
            service=service,
            database_url=database_url,
            broker_url=_env("BANZU_BROKER_URL", DEFAULT_BROKER),
            exchange=_env("BANZU_EXCHANGE", "banzu.events"),
            queue_prefix=_env("BANZU_QUEUE_PREFIX", ""),
            jwt_secret=_env("BANZU_JWT_SECRET") or ("" if in_production() else installation_secret(data_dir)),
            token_ttl_seconds=int(_env("BANZU_TOKEN_TTL_SECONDS", "3600")),
            retry_delays_ms=_delays(_env("BANZU_RETRY_DELAYS_MS", "1000,5000,25000")),
            prefetch=int(_env("BANZU_PREFETCH", "1000")),
            relay_batch=int(_env("BANZU_RELAY_BATCH", "1000")),
            relay_poll_seconds=float(_env("BANZU_RELAY_POLL_SECONDS", "0.2")),
            db_pool_size=int(_env("BANZU_DB_POOL_SIZE", "10")),
            db_max_overflow=int(_env("BANZU_DB_MAX_OVERFLOW", "20")),
            production=in_production(),
            demo=_env("BANZU_DEMO", "0").lower() in ("1", "true", "yes"),
            trusted_proxies=trusted_networks(_env("BANZU_TRUSTED_PROXIES", "")),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.production and len(self.jwt_secret) < 32:
            raise ConfigurationError("BANZU_JWT_SECRET must be set to a random value of 32+ characters in production")
        if self.production and self.database_url.startswith("sqlite"):
            raise ConfigurationError(f"BANZU_{self.service.upper()}_DATABASE_URL must point at PostgreSQL in production")


def broker_urls(broker_url: str) -> list[str]:
    """BANZU_BROKER_URL may list several nodes of one cluster, separated by commas."""
    return [part.strip() for part in broker_url.split(",") if part.strip()]


def service_url(service: str) -> str:
    """Where the gateway reaches a service (BANZU_<SERVICE>_URL)."""
    defaults = {"competition": 8001, "training": 8002, "credentials": 8003}
    return _env(f"BANZU_{service.upper()}_URL", f"http://127.0.0.1:{defaults[service]}").rstrip("/")


DEFAULT_ZONE = "Asia/Shanghai"


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def site_zone() -> ZoneInfo:
    """The site's time zone (BANZU_TIMEZONE, default Asia/Shanghai): how people read and type instants."""
    return _zone(_env("BANZU_TIMEZONE", DEFAULT_ZONE))
