"""Sign-in accounts and the failed sign-ins counted per subject, on the unit of work's session."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Row, delete, func, insert, select, update
from sqlalchemy.orm import Session

from banzu_gateway.adapters.search import contains_text
from banzu_gateway.adapters.tables import sign_in_failures, users


class AccountRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, username: str) -> Row | None:
        return self.session.execute(select(users).where(users.c.username == username)).first()

    def taken(self, username: str) -> bool:
        return self.session.execute(select(users.c.username).where(users.c.username == username)).first() is not None

    def find(self, filters: dict, page: int, per_page: int) -> tuple[list[Row], int]:
        """Accounts by user name; `q` matches the user name, employee number or e-mail, `role` and
        `employee_no` match exactly, `active` filters on the flag."""
        query = select(users)
        if filters.get("q"):
            query = query.where(contains_text((users.c.username, users.c.employee_no, users.c.email), filters["q"]))
        if filters.get("role"):
            # roles are stored space-separated; padding both sides matches whole codes only
            query = query.where((" " + users.c.roles + " ").contains(f" {filters['role']} "))
        if filters.get("employee_no"):
            query = query.where(users.c.employee_no == filters["employee_no"])
        if filters.get("active") is not None:
            query = query.where(users.c.active == filters["active"])
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.session.execute(query.order_by(users.c.username).offset((page - 1) * per_page).limit(per_page))
        return list(rows), total

    def active_linked_to(self, employee_no: str) -> list[Row]:
        """The active accounts linked to a worker, by user name."""
        return self.session.execute(select(users).where(users.c.employee_no == employee_no, users.c.active.is_(True))
                                    .order_by(users.c.username)).all()

    def add(self, row: dict) -> None:
        self.session.execute(insert(users).values(**row))

    def update(self, username: str, values: dict) -> None:
        self.session.execute(update(users).where(users.c.username == username).values(**values))

    # -- failed sign-ins, by throttled subject ------------------------------------------------------------

    def failures(self, subjects: Iterable[str]) -> list[Row]:
        return self.session.execute(select(sign_in_failures)
                                    .where(sign_in_failures.c.subject.in_(list(subjects)))).all()

    def failure(self, subject: str) -> Row | None:
        return self.session.execute(select(sign_in_failures).where(sign_in_failures.c.subject == subject)).first()

    def first_failure(self, subject: str, now: datetime) -> None:
        """Counting starts again for `subject`: one failure, now."""
        self.forget_failures(subject)
        self.session.execute(insert(sign_in_failures).values(subject=subject, failures=1, first_at=now))

    def count_failures(self, subject: str, failures: int, locked_until: datetime | None) -> None:
        self.session.execute(update(sign_in_failures).where(sign_in_failures.c.subject == subject).values(
            failures=failures, locked_until=locked_until))

    def forget_failures(self, subject: str) -> None:
        self.session.execute(delete(sign_in_failures).where(sign_in_failures.c.subject == subject))
