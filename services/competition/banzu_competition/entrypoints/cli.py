"""`banzu-competition migrate|relay|consume|dead-letters`."""
from __future__ import annotations

import sys

from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.consumer import HANDLERS


def main(argv: list[str] | None = None) -> int:
    return runtime.main(HANDLERS, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
