"""Notices, the outbox of outgoing messages (deliveries), team robots and the expiry digest in the
gateway's database."""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from banzu_common.db import insert_rows, upsert_insert

from banzu_gateway.adapters import bulk
from banzu_gateway.adapters.tables import (deliveries, delivery_attempts, expiry_digest_items, expiry_digests, notices,
                                          recertification_sessions, team_robots, users)
from banzu_gateway.domain.notices import DEFAULT_LANGUAGE, Notice, Reader, RobotMessage, delivery_key

PENDING, SENT, FAILED = "pending", "sent", "failed"
EMAIL, ROBOT = "email", "robot"


def _reader(row) -> Reader:
    return Reader(row.username, row.language or DEFAULT_LANGUAGE, row.email)


def _delivery(ref: str, channel: str, recipient: str, address: str, subject: str | None, body: str,
              link: str | None, now: datetime) -> dict:
    return {"ref": ref, "message_id": uuid.uuid4().hex, "channel": channel, "recipient": recipient,
            "address": address, "subject": subject, "body": body, "link": link, "status": PENDING, "attempts": 0,
            "next_attempt_at": now, "created_at": now}


class NotificationRepository:
    """What people are told and how it reaches them, on the unit of work's session."""

    def __init__(self, session: Session):
        self.session = session

    # -- who reads ------------------------------------------------------------------------------------------

    def readers_by_worker(self, employee_nos: list[str]) -> dict[str, list[Reader]]:
        """The active accounts linked to each employee number."""
        return self._active_readers_by(users.c.employee_no, employee_nos)

    def readers_by_username(self, usernames: list[str]) -> dict[str, list[Reader]]:
        """The active accounts among `usernames` (people known by their account, such as judges)."""
        return self._active_readers_by(users.c.username, usernames)

    def _active_readers_by(self, column, keys: list[str]) -> dict[str, list[Reader]]:
        found: dict[str, list[Reader]] = defaultdict(list)
        rows = bulk.rows_with_keys(self.session, users, column, list(set(keys)))
        for row in sorted(rows, key=lambda r: r.username):
            if row.active:
                found[row._mapping[column.name]].append(_reader(row))
        return found

    def readers_with_role(self, role: str) -> list[Reader]:
        rows = self.session.execute(select(users).where(users.c.active.is_(True),
                                                        (" " + users.c.roles + " ").contains(f" {role} "))
                                    .order_by(users.c.username))
        return [_reader(row) for row in rows]

    def robots_of(self, team_codes: set[str]) -> dict[str, str]:
        if not team_codes:
            return {}
        return dict(self.session.execute(select(team_robots.c.team_code, team_robots.c.url)
                                         .where(team_robots.c.team_code.in_(team_codes))).all())

    # -- writing what people are told ----------------------------------------------------------------------

    def add_notices(self, items: list[Notice], robot_messages: list[RobotMessage], now: datetime) -> None:
        """Stores the notices, an e-mail for each notice whose reader has an address, and the robot
        messages; anything whose key is stored already is left out (exactly once per event, recipient
        and channel)."""
        insert_rows(self.session, notices, [
            {"ref": n.key, "username": n.username, "kind": str(n.kind), "title": n.title, "body": n.body,
             "texts": json.dumps(n.texts, ensure_ascii=False) if n.texts else None, "link": n.link, "created_at": now}
            for n in items], key="ref")
        outgoing = [_delivery(delivery_key(n.key, EMAIL), EMAIL, n.username, n.email, n.title, n.body, n.link, now)
                    for n in items if n.email]
        outgoing += [_delivery(m.key, ROBOT, m.team_code, m.url, None, m.content, None, now) for m in robot_messages]
        insert_rows(self.session, deliveries, outgoing, key="ref")

    # -- the reader's list -------------------------------------------------------------------------------

    def page_of_notices(self, username: str, unread: bool | None, page: int,
                        per_page: int) -> tuple[list[dict], int]:
        """Unread first, then the newest first."""
        query = select(notices.c.id, notices.c.kind, notices.c.title, notices.c.body, notices.c.texts, notices.c.link,
                       notices.c.created_at, notices.c.read_at).where(notices.c.username == username)
        if unread is not None:
            query = query.where(notices.c.read_at.is_(None) if unread else notices.c.read_at.is_not(None))
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.session.execute(query.order_by(notices.c.read_at.is_not(None), notices.c.id.desc())
                                    .offset((page - 1) * per_page).limit(per_page))
        return [dict(row._mapping) | {"texts": json.loads(row.texts) if row.texts else {}} for row in rows], total

    def unread_count(self, username: str) -> int:
        return self.session.scalar(select(func.count()).select_from(notices)
                                   .where(notices.c.username == username, notices.c.read_at.is_(None)))

    def mark_read(self, username: str, notice_id: int, now: datetime) -> bool:
        """True when the notice is the reader's (read now, or already)."""
        mine = and_(notices.c.id == notice_id, notices.c.username == username)
        self.session.execute(update(notices).where(mine, notices.c.read_at.is_(None)).values(read_at=now))
        return self.session.scalar(select(notices.c.id).where(mine)) is not None

    def mark_all_read(self, username: str, now: datetime) -> None:
        self.session.execute(update(notices).where(notices.c.username == username, notices.c.read_at.is_(None))
                             .values(read_at=now))

    # -- team robots ---------------------------------------------------------------------------------------

    def robot_of(self, team_code: str) -> str | None:
        return self.session.scalar(select(team_robots.c.url).where(team_robots.c.team_code == team_code))

    def set_robot(self, team_code: str, url: str | None, by: str, now: datetime) -> None:
        self.session.execute(delete(team_robots).where(team_robots.c.team_code == team_code))
        if url is not None:
            self.session.execute(team_robots.insert().values(team_code=team_code, url=url, updated_at=now,
                                                             updated_by=by))

    # -- recertification sessions named by expiry reminders ----------------------------------------------

    def planned_sessions(self, credential_ids: list[str]) -> dict[str, dict]:
        rows = bulk.rows_with_keys(self.session, recertification_sessions, recertification_sessions.c.credential_id,
                                   list(set(credential_ids)))
        return {row.credential_id: dict(row._mapping) for row in rows}

    def plan_session(self, row: dict) -> None:
        self.session.execute(delete(recertification_sessions)
                             .where(recertification_sessions.c.credential_id == row["credential_id"]))
        self.session.execute(recertification_sessions.insert().values(**row))

    def unplan_session(self, session_id: str) -> None:
        self.session.execute(delete(recertification_sessions)
                             .where(recertification_sessions.c.session_id == session_id))

    # -- the expiry digest ---------------------------------------------------------------------------------

    def add_digest_items(self, rows: list[dict]) -> None:
        insert_rows(self.session, expiry_digest_items, rows, key="credential_id")

    def claim_digest_day(self, day: date, now: datetime) -> bool:
        """True for the one caller that makes `day`'s digest: the day's row is the key (a second
        scheduler, or one restarted, finds it and does nothing)."""
        statement = (upsert_insert(self.session, expiry_digests).values(day=day, items=0, made_at=now)
                     .on_conflict_do_nothing(index_elements=["day"]).returning(expiry_digests.c.day))
        return self.session.execute(statement).first() is not None

    def take_waiting_items(self, day: date) -> list[dict]:
        """The expired certificates no digest has told yet, now counted as `day`'s."""
        t = expiry_digest_items
        rows = [dict(row._mapping) for row in self.session.execute(
            select(t).where(t.c.digest_day.is_(None)).order_by(t.c.team_code, t.c.employee_no, t.c.expires_on))]
        if rows:
            self.session.execute(update(t).where(t.c.digest_day.is_(None)).values(digest_day=day))
            self.session.execute(update(expiry_digests).where(expiry_digests.c.day == day).values(items=len(rows)))
        return rows

    # -- deliveries as admins see them ------------------------------------------------------------------------

    def page_of_deliveries(self, status: str | None, channel: str | None, page: int,
                           per_page: int) -> tuple[list[dict], int]:
        query = select(deliveries)
        if status:
            query = query.where(deliveries.c.status == status)
        if channel:
            query = query.where(deliveries.c.channel == channel)
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = [dict(row._mapping) for row in self.session.execute(
            query.order_by(deliveries.c.id.desc()).offset((page - 1) * per_page).limit(per_page))]
        attempts = self.attempts_of([row["id"] for row in rows])
        return [row | {"attempt_log": attempts.get(row["id"], [])} for row in rows], total

    def delivery(self, delivery_id: int) -> dict | None:
        row = self.session.execute(select(deliveries).where(deliveries.c.id == delivery_id)).first()
        if row is None:
            return None
        return dict(row._mapping) | {"attempt_log": self.attempts_of([delivery_id]).get(delivery_id, [])}

    def attempts_of(self, delivery_ids: list[int]) -> dict[int, list[dict]]:
        found: dict[int, list[dict]] = defaultdict(list)
        if delivery_ids:
            for row in self.session.execute(select(delivery_attempts)
                                            .where(delivery_attempts.c.delivery_id.in_(delivery_ids))
                                            .order_by(delivery_attempts.c.id)):
                found[row.delivery_id].append({"at": row.at, "outcome": row.outcome, "error": row.error})
        return found

    def requeue(self, delivery_id: int, now: datetime) -> bool:
        """A failed delivery back in the queue with a fresh retry budget; False unless it had failed."""
        changed = self.session.execute(
            update(deliveries).where(deliveries.c.id == delivery_id, deliveries.c.status == FAILED)
            .values(status=PENDING, attempts=0, next_attempt_at=now, claimed_by=None, claimed_until=None))
        return changed.rowcount == 1
