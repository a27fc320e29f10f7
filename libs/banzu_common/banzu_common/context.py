"""Per-request and per-message context: the correlation id that flows into logs and events."""
from __future__ import annotations

import contextvars
import logging
import re
import uuid

correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


# A caller's X-Request-ID is kept when it is a plain token that fits the audit trail's column.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=/-]{1,64}")


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def request_id_from(received: str | None) -> str:
    """The id of a request: the caller's X-Request-ID when sane, else a new one (never empty)."""
    return received if received and SANE_REQUEST_ID.fullmatch(received) else new_correlation_id()


class CorrelationFilter(logging.Filter):
    """Adds `correlation_id` to every log record, so one request can be followed across services."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = correlation_id.get() or "-"
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(CorrelationFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Our relays and consumers log broker trouble once, clearly; pika would repeat it per socket event.
    logging.getLogger("pika").setLevel(logging.CRITICAL)
