"""Everything one part of Banzu needs at run time, built from the environment once per process,
and the command line shared by every part: migrate, relay, consume, dead letters."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from pathlib import Path

from sqlalchemy import MetaData

from banzu_common.audit import Actor, AuditTrail, acting_as, archive, retention_cutoff
from banzu_common.config import Settings
from banzu_common.context import configure_logging
from banzu_common.db import make_engine, migrate, session_factory
from banzu_common.messaging import dead_letters
from banzu_common.messaging.consumer import EventConsumer, Handler
from banzu_common.messaging.outbox import Outbox
from banzu_common.messaging.relay import OutboxRelay, OutboxStore
from banzu_common.metrics import serve_from_env
from banzu_common.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class ServiceRuntime:
    def __init__(self, service: str, metadata: MetaData, migrations_dir: Path,
                 unit_of_work: type[UnitOfWork] = UnitOfWork):
        self.service = service
        self.metadata = metadata
        self.migrations_dir = migrations_dir
        self.unit_of_work_class = unit_of_work

    @cached_property
    def settings(self) -> Settings:
        return Settings.from_env(self.service)

    @cached_property
    def engine(self):
        return make_engine(self.settings.database_url, pool_size=self.settings.db_pool_size,
                           max_overflow=self.settings.db_max_overflow)

    @cached_property
    def sessions(self):
        return session_factory(self.engine)

    @cached_property
    def outbox(self) -> Outbox:
        return Outbox(self.metadata.tables["outbox"], self.settings.source)

    @contextmanager
    def using_database(self, url: str):
        """This runtime pointed at another database, migrated, for the duration (tests use it: the
        settings, engine and sessions are built on first use and rebuilt afterwards)."""
        variable = f"BANZU_{self.service.upper()}_DATABASE_URL"
        previous = os.environ.get(variable)
        self._forget()
        os.environ[variable] = url
        try:
            self.migrate()
            yield self
        finally:
            self.engine.dispose()
            self._forget()
            if previous is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = previous

    def _forget(self) -> None:
        for name in ("settings", "engine", "sessions", "outbox", "audit_trail"):
            self.__dict__.pop(name, None)

    @cached_property
    def audit_trail(self) -> AuditTrail | None:
        table = self.metadata.tables.get("audit_log")
        return None if table is None else AuditTrail(table, self.service)

    def uow(self, session=None) -> UnitOfWork:
        return self.unit_of_work_class(self.sessions, self.outbox, session, self.audit_trail)

    def migrate(self) -> None:
        migrate(self.migrations_dir, self.settings.database_url)

    def archive_audit(self, argv: list[str]) -> int:
        args = _archive_parser(self.service).parse_args(argv)
        before = args.before or retention_cutoff(date.today())
        if before is None:
            log.error("give --before, or set BANZU_AUDIT_RETENTION_DAYS: entries are kept forever by default")
            return 2
        moved = archive(self.engine, self.metadata.tables["audit_log"], before, args.to)
        log.info("%s: %d audit entries made before %s moved to %s", self.service, moved, before, args.to)
        return 0

    # -- background processes ----------------------------------------------------------------------
    def relay(self, stop: threading.Event | None = None) -> OutboxRelay:
        return OutboxRelay(self.settings, OutboxStore(self.engine, self.metadata.tables["outbox"]), stop)

    def consumer(self, handlers: dict[str, Handler], stop: threading.Event | None = None) -> EventConsumer:
        return EventConsumer(self.settings, self.sessions, self.metadata.tables["processed_events"], handlers, stop)

    def main(self, handlers: dict[str, Handler] | None = None, jobs: dict[str, Callable[[list[str]], int]] | None = None,
             argv: list[str] | None = None) -> int:
        """`migrate`, `relay`, `consume`, `dead-letters list|replay`, plus the part's own jobs."""
        configure_logging()
        jobs = jobs or {}
        parser = argparse.ArgumentParser(prog=f"banzu-{self.service}")
        parser.add_argument("command", choices=["migrate", "relay", "consume", "dead-letters", "audit-archive", *jobs])
        parser.add_argument("rest", nargs=argparse.REMAINDER)
        args = parser.parse_args(argv)
        if args.command == "migrate":
            self.migrate()
            log.info("%s: database at head", self.service)
            return 0
        if args.command == "dead-letters":
            return dead_letters.main([*args.rest, "--service", self.service])
        if args.command == "audit-archive":
            return self.archive_audit(args.rest)
        if args.command in jobs:
            with acting_as(Actor.system(f"cli:{args.command}")):
                return jobs[args.command](args.rest)
        stop = stop_on_signals()
        serve_from_env()
        worker = self.relay(stop) if args.command == "relay" else self.consumer(handlers or {}, stop)
        worker.run()
        return 0


def _archive_parser(service: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"banzu-{service} audit-archive",
                                     description="Move audit entries older than a day into a JSON-lines file.")
    parser.add_argument("--before", type=date.fromisoformat,
                        help="entries made before this day (YYYY-MM-DD); default: BANZU_AUDIT_RETENTION_DAYS ago")
    parser.add_argument("--to", required=True, help="the archive file (appended to)")
    return parser


def stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop
