"""User accounts, passwords (argon2id) and sign-in with throttling.

Every change that should end the sign-ins made before it (roles, linked employee number, password,
deactivation, a password to change) raises the account's `token_version` and goes out as an
`AccountChanged` event; tokens carry the version they were issued with, and the gateway
(adapters/account_states.py) and every service (banzu_common.account_replica) refuse older ones.

An account whose password an admin set (`must_change_password`) signs in with a token that may only
change it (banzu_common.web refuses every other call, 403 `password_change_required`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from banzu_common.auth import ROLES, Principal, issue_token
from banzu_common.errors import BanzuError, Conflict, Forbidden, Invalid, NotFound, RuleError
from banzu_common.messaging.contracts import AccountChanged
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.adapters.search import contains_text
from banzu_gateway.adapters.tables import sign_in_failures, users

PART = "accounts"  # the trail's name for this part of the gateway
HASHER = PasswordHasher()  # argon2id, 64 MiB, 3 passes: slow to guess, fast enough to sign in


@dataclass(frozen=True)
class Limit:
    """`failures` within FAILURE_WINDOW lock the subject for `lock` (and each later failure again)."""
    failures: int
    lock: timedelta


FAILURE_WINDOW = timedelta(minutes=15)
# Failed sign-ins count on three subjects apart (docs/decisions.md "Sign-in throttling"): an address
# guessing many names locks itself only; a name guessed from one address is locked there only; a
# name guessed from many addresses is slowed for everyone, briefly, so its owner waits a minute at most.
SIGN_IN_LIMITS = {"address": Limit(30, timedelta(minutes=5)), "name_at_address": Limit(5, timedelta(minutes=5)),
                  "name": Limit(50, timedelta(minutes=1))}
PASSWORD_CHANGE_LIMIT = Limit(5, timedelta(minutes=5))
# Compared against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = HASHER.hash("no such user")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
LANGUAGES = ("zh", "en")


class SignInRefused(Exception):
    """Wrong user name or password (401); the message never says which."""


class AccountDisabled(Forbidden):
    """The right password of a deactivated account (403): said only to someone who knows it."""

    def __init__(self):
        super().__init__("account_disabled", "This account is deactivated; ask an administrator to reactivate it.")


class SignInLocked(BanzuError):
    title = "Too Many Requests"
    status = 429

    def __init__(self, retry_after: int):
        super().__init__("sign_in_locked", "Too many failed sign-ins; try again in a few minutes.",
                         retry_after=retry_after)


def create_user(uow: UnitOfWork, username: str, password: str, roles: list[str], employee_no: str | None,
                created_by: str | None, email: str | None = None, language: str = "zh",
                must_change_password: bool = False) -> dict:
    session = uow.session
    _check_account(roles, employee_no)
    if session.execute(select(users.c.username).where(users.c.username == username)).first():
        raise Conflict("username_taken", f"The user name {username!r} is taken.")
    row = {"username": username, "password_hash": HASHER.hash(password), "roles": " ".join(sorted(set(roles))),
           "employee_no": employee_no, "created_at": datetime.now(timezone.utc), "created_by": created_by,
           "email": email, "language": language, "active": True, "token_version": 0,
           "must_change_password": must_change_password}
    session.execute(insert(users).values(**row))
    uow.audit("create", "user", username, after=public_user(row), part=PART)
    return public_user(row)


def _check_account(roles: list[str], employee_no: str | None) -> None:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise Invalid({"roles": [f"Unknown role(s) {', '.join(unknown)}; expected some of {', '.join(ROLES)}."]})
    if "worker" in roles and not employee_no:
        raise RuleError("needs_employee_no", "A worker account must be linked to an employee number.", "employee_no")


def public_user(row) -> dict:
    row = dict(row._mapping) if hasattr(row, "_mapping") else row
    return {"username": row["username"], "roles": row["roles"].split(), "employee_no": row["employee_no"],
            "email": row.get("email"), "language": row.get("language") or "zh",
            "active": bool(row.get("active", True)), "created_at": row.get("created_at"),
            "must_change_password": bool(row.get("must_change_password", False))}


def list_users(session: Session, filters: dict, page: int, per_page: int) -> tuple[list[dict], int]:
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
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(users.c.username).offset((page - 1) * per_page).limit(per_page))
    return [public_user(row) for row in rows], total


def get_user(session: Session, username: str) -> dict:
    return public_user(_account(session, username))


def _account(session: Session, username: str):
    row = session.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        raise NotFound(f"There is no user {username!r}.")
    return row


def update_user(uow: UnitOfWork, username: str, changes: dict, by: Principal) -> dict:
    """Applies an admin's changes; changes that concern signing in end the account's earlier sign-ins.
    Admins cannot lock themselves out (deactivate their own account or drop their own admin role)."""
    session = uow.session
    current = _account(session, username)
    if username == by.username and (changes.get("active") is False
                                    or ("roles" in changes and "admin" not in changes["roles"])):
        raise Conflict("own_account", "You cannot deactivate your own account or remove your own admin role.")
    roles = changes.get("roles", current.roles.split())
    _check_account(roles, changes.get("employee_no", current.employee_no))
    values = {key: changes[key] for key in ("employee_no", "email", "language", "active", "must_change_password")
              if key in changes}
    if "roles" in changes:
        values["roles"] = " ".join(sorted(set(changes["roles"])))
    if "password" in changes:
        values["password_hash"] = HASHER.hash(changes["password"])
    # A password to change ends the sign-ins made without that duty; lifting the duty ends none.
    duty_added = values.get("must_change_password") is True and not current.must_change_password
    if "password" in changes or duty_added or any(key in values and values[key] != getattr(current, key)
                                                  for key in ("roles", "employee_no", "active")):
        values["token_version"] = current.token_version + 1
        uow.record(AccountChanged(username, values["token_version"], values.get("active", current.active)))
    if values:
        values["updated_at"] = datetime.now(timezone.utc)
        session.execute(update(users).where(users.c.username == username).values(**values))
    after = get_user(session, username)
    before = public_user(current)
    if "password" in changes:  # the trail says that it was reset, never what to
        before, after = before | {"password_reset": False}, after | {"password_reset": True}
    uow.audit("change", "user", username, before, after, part=PART)
    return after


def deactivate_accounts_of(uow: UnitOfWork, employee_no: str) -> list[str]:
    """Deactivates every active account linked to a worker who left (their sign-ins end at once):
    the user names, in order."""
    rows = uow.session.execute(select(users).where(users.c.employee_no == employee_no, users.c.active.is_(True))
                               .order_by(users.c.username)).all()
    now = datetime.now(timezone.utc)
    for row in rows:
        uow.session.execute(update(users).where(users.c.username == row.username).values(
            active=False, token_version=row.token_version + 1, updated_at=now))
        uow.record(AccountChanged(row.username, row.token_version + 1, False))
        uow.audit("change", "user", row.username, public_user(row), public_user(row) | {"active": False}, part=PART)
    return [row.username for row in rows]


def change_password(uow: UnitOfWork, username: str, current_password: str, new_password: str) -> None:
    """The user's own change: the current password must match, the new one must differ. Wrong
    current passwords are throttled like sign-ins, on their own count (so a borrowed session cannot
    guess the password, and its guesses do not lock the owner out of signing in). Ends other sign-ins,
    and the duty to change the password an admin set."""
    session = uow.session
    now = datetime.now(timezone.utc)
    subject = f"password:{username}"
    _refuse_if_locked(session, [subject], now)
    row = session.execute(select(users).where(users.c.username == username)).first()
    if row is None or not _password_matches(row.password_hash, current_password):
        _count_failure(session, subject, PASSWORD_CHANGE_LIMIT, now)
        raise RuleError("wrong_password", "is not your current password", "current_password")
    if _password_matches(row.password_hash, new_password):
        raise RuleError("same_password", "must differ from the current password", "new_password")
    session.execute(update(users).where(users.c.username == username).values(
        password_hash=HASHER.hash(new_password), token_version=row.token_version + 1, must_change_password=False,
        updated_at=now))
    uow.record(AccountChanged(username, row.token_version + 1, row.active))
    uow.audit("change_password", "user", username, {"password_changed_at": None}, {"password_changed_at": now},
              part=PART)


def ensure_admin(uow: UnitOfWork, username: str, password: str) -> bool:
    """Creates the first admin account if it does not exist yet; True when created."""
    if uow.session.execute(select(users.c.username).where(users.c.username == username)).first():
        return False
    create_user(uow, username, password, ["admin"], None, created_by="environment")
    return True


def sign_in(session: Session, username: str, password: str, address: str, secret: str, ttl: int) -> dict:
    principal = authenticate(session, username, password, address)
    token = issue_token(secret, principal.username, principal.roles, principal.employee_no, ttl, principal.version,
                        principal.must_change_password)
    return {"access_token": token, "token_type": "Bearer", "expires_in": ttl,
            "password_change_required": principal.must_change_password}


def authenticate(session: Session, username: str, password: str, address: str) -> Principal:
    """The user behind a name and password, with throttling; used by the token endpoint and the web pages.
    `address` is the client's (banzu_common.proxies), not a proxy's. The right password of a
    deactivated account is told so (AccountDisabled); a wrong one gets the usual answer."""
    now = datetime.now(timezone.utc)
    subjects = sign_in_subjects(username, address)
    _refuse_if_locked(session, subjects.values(), now)
    row = session.execute(select(users).where(users.c.username == username)).first()
    if not _password_matches(row.password_hash if row else _DUMMY_HASH, password) or row is None:
        for kind, subject in subjects.items():
            _count_failure(session, subject, SIGN_IN_LIMITS[kind], now)
        raise SignInRefused("Wrong user name or password.")
    if not row.active:  # said only to someone who knows the password
        raise AccountDisabled()
    session.execute(delete(sign_in_failures).where(sign_in_failures.c.subject == subjects["name_at_address"]))
    if HASHER.check_needs_rehash(row.password_hash):
        session.execute(update(users).where(users.c.username == username).values(password_hash=HASHER.hash(password)))
    return Principal(row.username, frozenset(row.roles.split()), row.employee_no, row.token_version,
                     row.must_change_password)


def sign_in_subjects(username: str, address: str) -> dict[str, str]:
    """The throttled subjects of one attempt. The pair is hashed: a name (80) and an IPv6 address (45)
    would not fit the subject column together."""
    pair = hashlib.sha256(f"{username}\n{address}".encode()).hexdigest()[:40]
    return {"address": f"ip:{address}", "name_at_address": f"pair:{pair}", "name": f"user:{username}"}


def _password_matches(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _refuse_if_locked(session: Session, subjects, now: datetime) -> None:
    rows = session.execute(select(sign_in_failures).where(sign_in_failures.c.subject.in_(list(subjects)))).all()
    waits = [locked_until - now for row in rows if (locked_until := _aware(row.locked_until)) and locked_until > now]
    if waits:
        raise SignInLocked(int(max(waits).total_seconds()) + 1)


def _count_failure(session: Session, subject: str, limit: Limit, now: datetime) -> None:
    row = session.execute(select(sign_in_failures).where(sign_in_failures.c.subject == subject)).first()
    if row is None or _aware(row.first_at) < now - FAILURE_WINDOW:
        session.execute(delete(sign_in_failures).where(sign_in_failures.c.subject == subject))
        session.execute(insert(sign_in_failures).values(subject=subject, failures=1, first_at=now))
        return
    failures = row.failures + 1
    session.execute(update(sign_in_failures).where(sign_in_failures.c.subject == subject).values(
        failures=failures, locked_until=now + limit.lock if failures >= limit.failures else None))


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
