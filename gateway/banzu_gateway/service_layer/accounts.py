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

from banzu_common.auth import ROLES, Principal, issue_token
from banzu_common.errors import BanzuError, Conflict, Forbidden, Invalid, NotFound, RuleError
from banzu_common.messaging.contracts import AccountChanged

from banzu_gateway.adapters.accounts import AccountRepository
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork

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


def create_user(uow: GatewayUnitOfWork, username: str, password: str, roles: list[str], employee_no: str | None,
                created_by: str | None, email: str | None = None, language: str = "zh",
                must_change_password: bool = False) -> dict:
    _check_account(roles, employee_no)
    if uow.accounts.taken(username):
        raise Conflict("username_taken", f"The user name {username!r} is taken.")
    row = {"username": username, "password_hash": HASHER.hash(password), "roles": " ".join(sorted(set(roles))),
           "employee_no": employee_no, "created_at": datetime.now(timezone.utc), "created_by": created_by,
           "email": email, "language": language, "active": True, "token_version": 0,
           "must_change_password": must_change_password}
    uow.accounts.add(row)
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


def list_users(uow: GatewayUnitOfWork, filters: dict, page: int, per_page: int) -> tuple[list[dict], int]:
    """Accounts by user name, found by `filters` (AccountRepository.find)."""
    rows, total = uow.accounts.find(filters, page, per_page)
    return [public_user(row) for row in rows], total


def get_user(uow: GatewayUnitOfWork, username: str) -> dict:
    return public_user(_account(uow, username))


def _account(uow: GatewayUnitOfWork, username: str):
    row = uow.accounts.get(username)
    if row is None:
        raise NotFound(f"There is no user {username!r}.")
    return row


def update_user(uow: GatewayUnitOfWork, username: str, changes: dict, by: Principal) -> dict:
    """Applies an admin's changes; changes that concern signing in end the account's earlier sign-ins.
    Admins cannot lock themselves out (deactivate their own account or drop their own admin role)."""
    current = _account(uow, username)
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
        uow.accounts.update(username, values)
    after = get_user(uow, username)
    before = public_user(current)
    if "password" in changes:  # the trail says that it was reset, never what to
        before, after = before | {"password_reset": False}, after | {"password_reset": True}
    uow.audit("change", "user", username, before, after, part=PART)
    return after


def deactivate_accounts_of(uow: GatewayUnitOfWork, employee_no: str) -> list[str]:
    """Deactivates every active account linked to a worker who left (their sign-ins end at once):
    the user names, in order."""
    rows = uow.accounts.active_linked_to(employee_no)
    now = datetime.now(timezone.utc)
    for row in rows:
        uow.accounts.update(row.username, {"active": False, "token_version": row.token_version + 1,
                                           "updated_at": now})
        uow.record(AccountChanged(row.username, row.token_version + 1, False))
        uow.audit("change", "user", row.username, public_user(row), public_user(row) | {"active": False}, part=PART)
    return [row.username for row in rows]


def change_password(uow: GatewayUnitOfWork, username: str, current_password: str, new_password: str) -> None:
    """The user's own change: the current password must match, the new one must differ. Wrong
    current passwords are throttled like sign-ins, on their own count (so a borrowed session cannot
    guess the password, and its guesses do not lock the owner out of signing in). Ends other sign-ins,
    and the duty to change the password an admin set."""
    now = datetime.now(timezone.utc)
    subject = f"password:{username}"
    _refuse_if_locked(uow.accounts, [subject], now)
    row = uow.accounts.get(username)
    if row is None or not _password_matches(row.password_hash, current_password):
        _count_failure(uow.accounts, subject, PASSWORD_CHANGE_LIMIT, now)
        raise RuleError("wrong_password", "is not your current password", "current_password")
    if _password_matches(row.password_hash, new_password):
        raise RuleError("same_password", "must differ from the current password", "new_password")
    uow.accounts.update(username, {"password_hash": HASHER.hash(new_password), "token_version": row.token_version + 1,
                                   "must_change_password": False, "updated_at": now})
    uow.record(AccountChanged(username, row.token_version + 1, row.active))
    uow.audit("change_password", "user", username, {"password_changed_at": None}, {"password_changed_at": now},
              part=PART)


def ensure_admin(uow: GatewayUnitOfWork, username: str, password: str) -> bool:
    """Creates the first admin account if it does not exist yet; True when created."""
    if uow.accounts.taken(username):
        return False
    create_user(uow, username, password, ["admin"], None, created_by="environment")
    return True


def sign_in(uow: GatewayUnitOfWork, username: str, password: str, address: str, secret: str, ttl: int) -> dict:
    principal = authenticate(uow, username, password, address)
    token = issue_token(secret, principal.username, principal.roles, principal.employee_no, ttl, principal.version,
                        principal.must_change_password)
    return {"access_token": token, "token_type": "Bearer", "expires_in": ttl,
            "password_change_required": principal.must_change_password}


def authenticate(uow: GatewayUnitOfWork, username: str, password: str, address: str) -> Principal:
    """The user behind a name and password, with throttling; used by the token endpoint and the web pages.
    `address` is the client's (banzu_common.proxies), not a proxy's. The right password of a
    deactivated account is told so (AccountDisabled); a wrong one gets the usual answer."""
    now = datetime.now(timezone.utc)
    subjects = sign_in_subjects(username, address)
    _refuse_if_locked(uow.accounts, subjects.values(), now)
    row = uow.accounts.get(username)
    if not _password_matches(row.password_hash if row else _DUMMY_HASH, password) or row is None:
        for kind, subject in subjects.items():
            _count_failure(uow.accounts, subject, SIGN_IN_LIMITS[kind], now)
        raise SignInRefused("Wrong user name or password.")
    if not row.active:  # said only to someone who knows the password
        raise AccountDisabled()
    uow.accounts.forget_failures(subjects["name_at_address"])
    if HASHER.check_needs_rehash(row.password_hash):
        uow.accounts.update(username, {"password_hash": HASHER.hash(password)})
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


def _refuse_if_locked(accounts: AccountRepository, subjects, now: datetime) -> None:
    rows = accounts.failures(subjects)
    waits = [locked_until - now for row in rows if (locked_until := _aware(row.locked_until)) and locked_until > now]
    if waits:
        raise SignInLocked(int(max(waits).total_seconds()) + 1)


def _count_failure(accounts: AccountRepository, subject: str, limit: Limit, now: datetime) -> None:
    row = accounts.failure(subject)
    if row is None or _aware(row.first_at) < now - FAILURE_WINDOW:
        accounts.first_failure(subject, now)
        return
    failures = row.failures + 1
    accounts.count_failures(subject, failures, now + limit.lock if failures >= limit.failures else None)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
