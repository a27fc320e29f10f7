"""User accounts, passwords (argon2id) and sign-in with throttling."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from banzu_common.auth import ROLES, Principal, issue_token
from banzu_common.errors import BanzuError, Conflict, Invalid

from banzu_gateway.adapters.tables import sign_in_failures, users

HASHER = PasswordHasher()  # argon2id, 64 MiB, 3 passes: slow to guess, fast enough to sign in
MAX_FAILURES = {"user": 5, "ip": 30}
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=5)
# Compared against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = HASHER.hash("no such user")


class SignInRefused(Exception):
    """Wrong user name or password (401); the message never says which."""


class SignInLocked(BanzuError):
    title = "Too Many Requests"
    status = 429

    def __init__(self, retry_after: int):
        super().__init__("sign_in_locked", "Too many failed sign-ins; try again in a few minutes.",
                         retry_after=retry_after)


def create_user(session: Session, username: str, password: str, roles: list[str], employee_no: str | None,
                created_by: str | None) -> dict:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise Invalid({"roles": [f"Unknown role(s) {', '.join(unknown)}; expected some of {', '.join(ROLES)}."]})
    if "worker" in roles and not employee_no:
        raise Invalid({"employee_no": ["A worker account must be linked to an employee number."]})
    if session.execute(select(users.c.username).where(users.c.username == username)).first():
        raise Conflict("username_taken", f"The user name {username!r} is taken.")
    row = {"username": username, "password_hash": HASHER.hash(password), "roles": " ".join(sorted(set(roles))),
           "employee_no": employee_no, "created_at": datetime.now(timezone.utc), "created_by": created_by}
    session.execute(insert(users).values(**row))
    return public_user(row)


def public_user(row) -> dict:
    row = dict(row._mapping) if hasattr(row, "_mapping") else row
    return {"username": row["username"], "roles": row["roles"].split(), "employee_no": row["employee_no"]}


def ensure_admin(session: Session, username: str, password: str) -> bool:
    """Creates the first admin account if it does not exist yet; True when created."""
    if session.execute(select(users.c.username).where(users.c.username == username)).first():
        return False
    create_user(session, username, password, ["admin"], None, created_by="environment")
    return True


def sign_in(session: Session, username: str, password: str, address: str, secret: str, ttl: int) -> dict:
    principal = authenticate(session, username, password, address)
    token = issue_token(secret, principal.username, principal.roles, principal.employee_no, ttl)
    return {"access_token": token, "token_type": "Bearer", "expires_in": ttl}


def authenticate(session: Session, username: str, password: str, address: str) -> Principal:
    """The user behind a name and password, with throttling; used by the token endpoint and the web pages."""
    now = datetime.now(timezone.utc)
    subjects = {"user": f"user:{username}", "ip": f"ip:{address}"}
    _refuse_if_locked(session, subjects.values(), now)
    row = session.execute(select(users).where(users.c.username == username)).first()
    if not _password_matches(row.password_hash if row else _DUMMY_HASH, password) or row is None:
        for kind, subject in subjects.items():
            _count_failure(session, subject, MAX_FAILURES[kind], now)
        raise SignInRefused("Wrong user name or password.")
    session.execute(delete(sign_in_failures).where(sign_in_failures.c.subject == subjects["user"]))
    if HASHER.check_needs_rehash(row.password_hash):
        session.execute(update(users).where(users.c.username == username).values(password_hash=HASHER.hash(password)))
    return Principal(row.username, frozenset(row.roles.split()), row.employee_no)


def _password_matches(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _refuse_if_locked(session: Session, subjects, now: datetime) -> None:
    rows = session.execute(select(sign_in_failures).where(sign_in_failures.c.subject.in_(list(subjects)))).all()
    for row in rows:
        locked_until = _aware(row.locked_until)
        if locked_until and locked_until > now:
            raise SignInLocked(int((locked_until - now).total_seconds()) + 1)


def _count_failure(session: Session, subject: str, limit: int, now: datetime) -> None:
    row = session.execute(select(sign_in_failures).where(sign_in_failures.c.subject == subject)).first()
    if row is None or _aware(row.first_at) < now - FAILURE_WINDOW:
        session.execute(delete(sign_in_failures).where(sign_in_failures.c.subject == subject))
        session.execute(insert(sign_in_failures).values(subject=subject, failures=1, first_at=now))
        return
    failures = row.failures + 1
    session.execute(update(sign_in_failures).where(sign_in_failures.c.subject == subject).values(
        failures=failures, locked_until=now + LOCKOUT if failures >= limit else None))


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
