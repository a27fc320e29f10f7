"""`banzu-training migrate|relay|consume|dead-letters|lapse-mentorships [YYYY-MM-DD]`."""
from __future__ import annotations

import logging
import sys
from datetime import date

from banzu_training.bootstrap import runtime
from banzu_training.entrypoints.consumer import HANDLERS
from banzu_training.service_layer.mentorships import lapse_mentorships

log = logging.getLogger(__name__)


def scheduled_lapse(today: date | None = None) -> int:
    """The scheduler's daily job: mentorships whose period is over without the goal lapse."""
    today = today or date.today()
    with runtime.uow() as uow:
        lapsed = lapse_mentorships(uow, today)
        uow.commit()
    log.info("%d mentorship(s) lapsed as of %s", lapsed, today)
    return lapsed


def lapse_job(argv: list[str]) -> int:
    try:
        today = date.fromisoformat(argv[0]) if argv else None
    except ValueError:
        log.error("lapse-mentorships takes an optional date, YYYY-MM-DD")
        return 2
    scheduled_lapse(today)
    return 0


def main(argv: list[str] | None = None) -> int:
    return runtime.main(HANDLERS, jobs={"lapse-mentorships": lapse_job}, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
