"""`banzu-gateway migrate|relay|consume|dead-letters|ensure-admin|send|digest`."""
from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import uuid
from datetime import date, datetime

from banzu_common.config import site_zone
from banzu_common.metrics import serve_from_env
from banzu_common.runtime import stop_on_signals

from banzu_gateway import config
from banzu_gateway.adapters.delivery_queue import DeliveryQueue
from banzu_gateway.adapters.outgoing import transports
from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.consumer import HANDLERS
from banzu_gateway.service_layer import accounts, notifications
from banzu_gateway.service_layer.sending import Sender, SenderSettings

log = logging.getLogger(__name__)
DIGEST_HOUR = 8  # HR's digest goes out from this hour on (site time), once a day


def ensure_admin(_argv: list[str]) -> int:
    username, password = config.admin_account()
    if not username or not password:
        log.error("set BANZU_ADMIN_USERNAME and BANZU_ADMIN_PASSWORD to create the first admin")
        return 2
    with runtime.uow() as uow:
        created = accounts.ensure_admin(uow, username, password)
        uow.commit()
    log.info("admin %s %s", username, "created" if created else "already exists")
    return 0


def send(_argv: list[str]) -> int:
    """The sender of e-mails and robot messages; runs until SIGTERM (finishing the message in hand)."""
    serve_from_env()
    name = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    Sender(DeliveryQueue(runtime.engine, name), transports(), SenderSettings.from_env(), stop_on_signals()).run()
    return 0


def scheduled_digest() -> int | None:
    """HR's daily digest, made once a day from BANZU_DIGEST_HOUR (8, site time) on: what the
    scheduler calls every few minutes. None when it is too early or today's was made already."""
    now = datetime.now(site_zone())
    if now.hour < config.digest_hour(DIGEST_HOUR):
        return None
    return digest_for(now.date())


def digest_for(day: date) -> int | None:
    with runtime.uow() as uow:
        made = notifications.make_digest(uow, day)
        uow.commit()
    return made


def digest(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="banzu-gateway digest")
    parser.add_argument("--on", type=date.fromisoformat, default=None, help="the day (YYYY-MM-DD), default today")
    args = parser.parse_args(argv)
    made = digest_for(args.on or datetime.now(site_zone()).date())
    log.info("digest: %s", "made already for that day" if made is None else f"{made} expired certificate(s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    return runtime.main(HANDLERS, jobs={"ensure-admin": ensure_admin, "send": send, "digest": digest}, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
