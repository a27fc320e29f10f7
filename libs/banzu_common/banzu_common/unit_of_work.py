"""The unit of work: one business transaction, its changes and its outgoing events together.

Events leave a part one way only. Aggregates record domain events (`aggregate.events`); the
repositories tell the unit of work which aggregates they handed out or took in (`seen`), and a
service function with no aggregate records its events on the unit of work itself (`record`). At
commit the unit of work collects every recorded event, turns each into integration events through
the part's one mapping (`integration_events`) and writes them to the outbox in the same transaction.
Nobody calls "publish": nothing can be forgotten. Where a part's domain events are the contracts
themselves (credentials, training, the gateway's directory) the mapping is the identity; the
competition's richer domain events have their own (service_layer/integration_events.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar

from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from banzu_common.audit import Actor, AuditEntry, AuditTrail, current_actor
from banzu_common.audit import entry as audit_entry
from banzu_common.context import correlation_id
from banzu_common.messaging.contracts import Contract
from banzu_common.messaging.envelope import Envelope
from banzu_common.messaging.outbox import Outbox

# domain event -> the integration events (contracts) it becomes
IntegrationEvents = Callable[[object], Iterable[Contract]]

# The transaction of a request that must commit as one (a POST with an Idempotency-Key, see
# banzu_common.idempotency): every unit of work of the request joins it instead of committing alone.
request_transaction: ContextVar[Session | None] = ContextVar("request_transaction", default=None)


def contracts_as_they_are(event: object) -> Iterable[Contract]:
    """The mapping of a part whose service layer records contracts directly (the gateway's directory)."""
    if not isinstance(event, Contract):
        raise TypeError(f"{type(event).__name__} is not an integration event and has no mapping")
    return (event,)


class UnitOfWork:
    """`with uow: ...; uow.commit()`: the changes and the outbox rows commit together or not at all.

    Inside an event handler the consumer lends its own session (one savepoint per event), and
    `commit` only flushes: the consumer commits the batch and then acknowledges the messages.
    Inside a request with a transaction of its own (`request_transaction`, same database) the unit
    of work is a savepoint of it: the request commits the changes together with its answer.
    """

    integration_events: IntegrationEvents = staticmethod(contracts_as_they_are)

    def __init__(self, sessions: sessionmaker, outbox: Outbox, session: Session | None = None,
                 audit_trail: AuditTrail | None = None):
        self._sessions = sessions
        self.outbox = outbox
        self.audit_trail = audit_trail
        self._audited: list[AuditEntry] = []
        self._borrowed = session is not None
        self.session: Session = session  # type: ignore[assignment]
        self._seen: dict[int, object] = {}  # by identity: aggregates need not be hashable
        self._recorded: list = []
        self._savepoint: SessionTransaction | None = None

    def __enter__(self):
        if not self._borrowed:
            shared = request_transaction.get()
            if shared is not None and str(shared.get_bind().url) == str(self._sessions.kw.get("bind").url):
                self.session = shared
                self._savepoint = shared.begin_nested()
            else:
                self.session = self._sessions()
                self.session.begin()
        self._enter()
        return self

    def _enter(self) -> None:
        """Subclasses build their repositories on `self.session` here."""

    def __exit__(self, *exc_info):
        if self._savepoint is not None:
            if self._savepoint.is_active:
                self._savepoint.rollback()  # not committed: none of its changes stay
        elif not self._borrowed:
            self.session.rollback()  # a no-op after commit
            self.session.close()

    def seen(self, aggregate) -> None:
        """Repositories call this for every aggregate they load or add: its events go out at commit."""
        self._seen.setdefault(id(aggregate), aggregate)

    def record(self, *events: object) -> None:
        """Events of a change made without an aggregate (set-based updates, the directory)."""
        self._recorded.extend(events)

    def audit(self, action: str, kind: str, thing_id, before: Mapping | None = None,
              after: Mapping | None = None, part: str | None = None, actor: Actor | None = None) -> None:
        """Records who did `action` to the `kind` `thing_id`: the changed fields before and after.
        Written at commit, in the same transaction as the change; `actor` when it is not the
        current one (a batch of events applied together: each its own)."""
        self._audited.append(audit_entry(action, kind, thing_id, before, after, part, actor))

    def collect_new_events(self) -> Iterator[object]:
        # Taken a batch at a time (a sweep records tens of thousands): events raised while these are
        # handled are collected by the next round.
        for aggregate in self._seen.values():
            while aggregate.events:
                batch, aggregate.events = aggregate.events, []
                yield from batch
        while self._recorded:
            batch, self._recorded = self._recorded, []
            yield from batch

    def commit(self) -> None:
        self.write_events()
        if self._audited and self.audit_trail is not None:
            self.audit_trail.write(self.session, self._audited)
        self._audited = []
        if self._savepoint is not None:
            self._savepoint.commit()
            self._savepoint = self.session.begin_nested()  # for changes after this commit
        elif self._borrowed:
            self.session.flush()
        else:
            self.session.commit()

    def write_events(self) -> None:
        """Every event recorded so far, as outbox rows of this transaction."""
        contracts = [contract for event in self.collect_new_events() for contract in self.integration_events(event)]
        if contracts:
            source, correlation = self.outbox.source, correlation_id.get()
            actor = current_actor.get()
            origin = actor.origin if actor else None
            self.outbox.add_all(self.session, [Envelope.of(c, source, correlation, origin) for c in contracts])
