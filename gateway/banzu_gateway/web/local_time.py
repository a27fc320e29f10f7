"""Instants as people read and type them: in the site's time zone (`BANZU_TIMEZONE`, default
Asia/Shanghai). The API speaks ISO 8601 with an offset; a `datetime-local` field has none, so a
typed time is read in the site's zone before it goes to the API."""
from __future__ import annotations

from datetime import date, datetime, timezone

from banzu_common.config import site_zone

from banzu_gateway.web.site import bp

INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def local(instant: str) -> datetime:
    """An instant from the API in the site's zone."""
    return datetime.fromisoformat(instant).astimezone(site_zone())


def now() -> datetime:
    return datetime.now(timezone.utc).astimezone(site_zone())


def today() -> date:
    return now().date()


def has_passed(instant: str) -> bool:
    return local(instant) <= now()


def for_input(instant: str | None) -> str:
    """The value of a `datetime-local` field showing `instant`."""
    return local(instant).strftime("%Y-%m-%dT%H:%M") if instant else ""


def to_api(typed: str) -> str:
    """A typed local time as ISO 8601 with the site's offset; anything unreadable goes on as typed,
    for the API to name the field."""
    for pattern in INPUT_FORMATS:
        try:
            moment = datetime.strptime(typed.strip(), pattern)
        except ValueError:
            continue
        return moment.replace(tzinfo=site_zone()).isoformat()
    return typed


@bp.app_template_filter("when")
def when(instant: str | None) -> str:
    """`2026-03-01 09:00` in the site's zone."""
    return local(instant).strftime("%Y-%m-%d %H:%M") if instant else ""


@bp.app_template_filter("clock")
def clock(instant: str | None) -> str:
    return local(instant).strftime("%H:%M") if instant else ""
