"""Where the gateway holds a person: their directory entry and team history, their sign-in accounts
(never the password's hash), the promotions and score entries that name them, the notices they were
sent, and the audit trail's entries about their record."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from banzu_common.audit import as_answer
from banzu_common.personal_data import Holding, held_about, related

from banzu_gateway.adapters.tables import (audit_log, deliveries, ledger_entries, memberships, notices, promotions,
                                           users, workers)

ACCOUNT_SECRETS = ("password_hash", "token_version")
DELIVERY_FACTS = ("id", "channel", "recipient", "address", "subject", "body", "status", "created_at")


def about_their_record(session: Session, rows: list[dict]) -> dict[str, list[dict]]:
    numbers = [row["employee_no"] for row in rows]
    found = session.execute(select(audit_log).where(audit_log.c.kind == "worker", audit_log.c.thing_id.in_(numbers))
                            .order_by(audit_log.c.at)).all() if numbers else []
    return {"audit_trail_of_the_record": [as_answer(row) for row in found]}


def holdings() -> list[Holding]:
    return [
        Holding("directory", workers, ("employee_no",), related=(about_their_record,)),
        Holding("team_history", memberships, ("employee_no",)),
        Holding("accounts", users, ("employee_no",), leave_out=ACCOUNT_SECRETS,
                related=(related("notifications", notices, "username", "username"),
                         related("messages_sent", deliveries, "recipient", "username", DELIVERY_FACTS))),
        Holding("promotions", promotions, ("employee_no",)),
        Holding("team_score_entries", ledger_entries, ("employee_no",)),
    ]


class PersonalDataRepository:
    """What the gateway holds about a person, read on the unit of work's session."""

    def __init__(self, session: Session):
        self.session = session

    def held_about(self, employee_no: str) -> dict[str, list[dict]]:
        return held_about(self.session, employee_no, holdings())
