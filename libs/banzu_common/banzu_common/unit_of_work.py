"""The unit of work: one business transaction, its changes and its outgoing events together."""
from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from banzu_common.context import correlation_id
from banzu_common.messaging.envelope import Envelope
from banzu_common.messaging.outbox import Outbox


class UnitOfWork:
    """`with uow: ...; uow.commit()`: the changes and the outbox rows commit together or not at all.

    Inside an event handler the consumer lends its own session (one savepoint per event), and
    `commit` only flushes: the consumer commits the batch and then acknowledges the messages.
    """

    def __init__(self, sessions: sessionmaker, outbox: Outbox, session: Session | None = None):
        self._sessions = sessions
        self.outbox = outbox
        self._borrowed = session is not None
        self.session: Session = session  # type: ignore[assignment]

    def __enter__(self):
        if not self._borrowed:
            self.session = self._sessions()
            self.session.begin()
        self._enter()
        return self

    def _enter(self) -> None:
        """Subclasses build their repositories on `self.session` here."""

    def __exit__(self, *exc_info):
        if not self._borrowed:
            self.session.rollback()  # a no-op after commit
            self.session.close()

    def emit(self, type_: str, subject, data: dict) -> None:
        self.outbox.add(self.session, type_, subject, data)

    def emit_many(self, type_: str, events: list[tuple[object, dict]]) -> None:
        """Several events of one type, as (subject, data) pairs, written in one go."""
        source, correlation = self.outbox.source, correlation_id.get()
        self.outbox.add_all(self.session, [Envelope.new(type_, source, subject, data, correlation)
                                           for subject, data in events])

    def commit(self) -> None:
        if self._borrowed:
            self.session.flush()
        else:
            self.session.commit()
