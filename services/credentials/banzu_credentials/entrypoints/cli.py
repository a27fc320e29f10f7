"""`banzu-credentials migrate|relay|consume|dead-letters|sweep [--as-of YYYY-MM-DD]`."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import date

from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.consumer import HANDLERS
from banzu_credentials.service_layer.sweep import sweep

log = logging.getLogger(__name__)


def scheduled_sweep(on: date | None = None) -> dict[str, int]:
    """The expiry sweep for `on` (default today), committed; what the scheduler calls."""
    with runtime.uow() as uow:
        result = sweep(uow, on or date.today())
        uow.commit()
    return result


def sweep_job(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="banzu-credentials sweep")
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="the day to sweep for (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    result = scheduled_sweep(args.as_of)
    log.info("sweep: %d expiring and %d expired notice(s) sent", result["expiring"], result["expired"])
    return 0


def main(argv: list[str] | None = None) -> int:
    return runtime.main(HANDLERS, jobs={"sweep": sweep_job}, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
