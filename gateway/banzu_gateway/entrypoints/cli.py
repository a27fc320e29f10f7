"""`banzu-gateway migrate|relay|consume|dead-letters|ensure-admin`."""
from __future__ import annotations

import logging
import os
import sys

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import accounts
from banzu_gateway.entrypoints.consumer import HANDLERS

log = logging.getLogger(__name__)


def ensure_admin(_argv: list[str]) -> int:
    username = os.environ.get("BANZU_ADMIN_USERNAME")
    password = os.environ.get("BANZU_ADMIN_PASSWORD")
    if not username or not password:
        log.error("set BANZU_ADMIN_USERNAME and BANZU_ADMIN_PASSWORD to create the first admin")
        return 2
    with runtime.uow() as uow:
        created = accounts.ensure_admin(uow.session, username, password)
        uow.commit()
    log.info("admin %s %s", username, "created" if created else "already exists")
    return 0


def main(argv: list[str] | None = None) -> int:
    return runtime.main(HANDLERS, jobs={"ensure-admin": ensure_admin}, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
