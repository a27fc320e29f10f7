"""A liveness signal for processes without an HTTP port (relays, consumers, the scheduler).

Their loops call `beat()`; when BANZU_HEARTBEAT_FILE is set, it touches that file (at most once a
second). A liveness probe that checks the file's age then finds a process whose loop is stuck
(a hung database call, a deadlock) and has it restarted. Waiting for a broker that is away still
beats: restarting would not bring the broker back.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

_last = 0.0


def beat() -> None:
    global _last
    path = os.environ.get("BANZU_HEARTBEAT_FILE")
    now = time.monotonic()
    if path and now - _last >= 1.0:
        Path(path).touch()
        _last = now
