"""The integration events of events.md, one frozen dataclass per catalogue type: the only definition
of what each event carries. Publishers build these; consumers receive them.

`to_data()` gives the event's JSON data (dates ISO, decimals as strings); `from_data()` reads it
back and refuses a payload that lacks a required field or holds a value of the wrong kind
(`ContractError`), which sends the message down the retry and dead-letter path instead of letting a
handler half-apply it. Fields typed `… | None` may be absent. Fields a newer publisher adds are
ignored, so adding a field stays backward compatible (events.md, "Adding a field").
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, ClassVar, get_args, get_origin

from banzu_common.errors import Invalid


class ContractError(Invalid):
    """An event's data does not match its contract; `errors` names each field that breaks it."""

    def __init__(self, type_: str, errors: dict[str, list[str]]):
        super().__init__(errors, detail=f"{type_}: the event data does not match its contract "
                                        f"({'; '.join(f'{k}: {v[0]}' for k, v in errors.items())}).")


class Contract:
    """Base of every event contract: `TYPE` is the catalogue type, `SUBJECT` the field naming the
    thing the event is about (the CloudEvents `subject`)."""

    TYPE: ClassVar[str]
    SUBJECT: ClassVar[str]

    @property
    def subject(self) -> str:
        return str(getattr(self, self.SUBJECT))

    def to_data(self) -> dict[str, Any]:
        return {name: _to_json(getattr(self, name)) for name in field_types(type(self))}

    @classmethod
    def from_data(cls, data: Any):
        errors: dict[str, list[str]] = {}
        value = _read_object(cls, data, "", errors)
        if errors:
            raise ContractError(cls.TYPE, errors)
        return value

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(field_types(cls))


@cache
def field_types(cls) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _is_union(kind) -> bool:
    return get_origin(kind) in (typing.Union, types.UnionType)


_PLAIN = (str, int, float, type(None))  # as JSON has them (bool is an int)


def _to_json(value: Any) -> Any:
    # Plain values first: they are most fields, and a sweep turns tens of thousands of events into data.
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Contract) or dataclasses.is_dataclass(value):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _read_object(kind, data: Any, path: str, errors: dict[str, list[str]]):
    """An instance of the dataclass `kind` from JSON data; problems go to `errors` by field path."""
    if not isinstance(data, dict):
        errors.setdefault(path or "data", []).append("must be a JSON object")
        return None
    values = {}
    for name, field_kind in field_types(kind).items():
        where = f"{path}{name}"
        if name not in data and not _shape(field_kind).nullable:
            errors.setdefault(where, []).append("is missing")
            continue
        try:
            values[name] = _read(data.get(name), field_kind, where, errors)
        except (TypeError, ValueError, InvalidOperation) as error:
            errors.setdefault(where, []).append(str(error))
    return None if errors else kind(**values)


@dataclasses.dataclass(frozen=True)
class _Shape:
    """What reading a value of one annotated kind needs, worked out once per kind (a consumer reads tens
    of thousands of events of the same few contracts)."""

    nullable: bool
    alternatives: tuple  # several kinds (e.g. int | str): the value as it came, when it is one of them
    kind: Any  # otherwise the one kind to read
    items: Any = None  # the item kind of a tuple
    is_object: bool = False  # a nested contract or dataclass


@cache
def _shape(kind) -> _Shape:
    nullable = False
    if _is_union(kind):
        nullable = type(None) in get_args(kind)
        others = tuple(k for k in get_args(kind) if k is not type(None))
        if len(others) > 1:
            return _Shape(nullable, others, None)
        kind = others[0]
    if get_origin(kind) is tuple:
        return _Shape(nullable, (), kind, items=get_args(kind)[0])
    return _Shape(nullable, (), kind, is_object=isinstance(kind, type) and dataclasses.is_dataclass(kind))


def _read(value: Any, kind, path: str, errors: dict[str, list[str]]) -> Any:
    shape = _shape(kind)
    if value is None and shape.nullable:
        return None
    if shape.alternatives:
        if isinstance(value, shape.alternatives) and not isinstance(value, bool):
            return value
        raise TypeError(f"expected one of {', '.join(k.__name__ for k in shape.alternatives)}")
    if value is None:
        raise TypeError("must not be null")
    if shape.items is not None:
        if not isinstance(value, list):
            raise TypeError("must be a list")
        nested = _shape(shape.items).is_object
        return tuple(_read(item, shape.items, f"{path}[{i}]." if nested else f"{path}[{i}]", errors)
                     for i, item in enumerate(value))
    if shape.is_object:
        return _read_object(shape.kind, value, path, errors)
    reader = _READERS.get(shape.kind)
    if reader is None:
        raise TypeError(f"no reading for {shape.kind!r}")
    return reader(value)


def _text(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # ids may travel as numbers
    if not isinstance(value, str) or not value:
        raise TypeError("must be a non-empty string")
    return value


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        raise TypeError("must be a date (YYYY-MM-DD), not an instant")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError("must be a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date (YYYY-MM-DD)") from None


def _instant(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("an instant needs an offset")
    return moment


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise TypeError("must be a decimal number")
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError("must be a finite number")
    return number


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("must be true or false")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("must be an integer")
    return value


_READERS = {str: _text, date: _day, datetime: _instant, Decimal: _decimal, bool: _flag, int: _integer}


# -- directory (gateway) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TeamUpserted(Contract):
    TYPE: ClassVar[str] = "banzu.directory.team.upserted.v1"
    SUBJECT: ClassVar[str] = "code"
    code: str
    name: str
    company: str
    workshop: str | None = None
    leader: str | None = None  # the team leader's employee number (added field)


@dataclass(frozen=True)
class WorkerUpserted(Contract):
    TYPE: ClassVar[str] = "banzu.directory.worker.upserted.v1"
    SUBJECT: ClassVar[str] = "employee_no"
    employee_no: str
    name: str
    team_code: str
    company: str
    occupation: str
    grade: str
    # A worker who left the company (added fields): from `left_on` they are in no team's lists,
    # compliance, assessment or matrix; their history stays. Absent in older events: active.
    status: str | None = None  # "active" | "left"; None: active
    left_on: date | None = None


@dataclass(frozen=True)
class OccupationUpserted(Contract):
    """An entry of the occupation catalogue (工种), kept by HR in the gateway: every occupation a
    worker, contest, course, programme, mentorship or requirement names must be one of them."""
    TYPE: ClassVar[str] = "banzu.directory.occupation.upserted.v1"
    SUBJECT: ClassVar[str] = "code"
    code: str
    name_zh: str
    name_en: str


# -- accounts (gateway) -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AccountChanged(Contract):
    """A change to a sign-in account that ends its earlier sign-ins (roles, linked employee number,
    password, deactivation or reactivation, a password to change): every part refuses the tokens the
    account was issued before `token_version`, and every token of an inactive account."""
    TYPE: ClassVar[str] = "banzu.accounts.account.changed.v1"
    SUBJECT: ClassVar[str] = "username"
    username: str
    token_version: int
    active: bool


# -- competition ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContestResult:
    employee_no: str
    team_code: str
    rank: int
    total: Decimal
    prize: str | None = None  # "first" | "second" | "third"
    promoted_from: str | None = None  # the grade change the result earned (added fields), none without one
    promoted_to: str | None = None


@dataclass(frozen=True)
class ResultsPublished(Contract):
    TYPE: ClassVar[str] = "banzu.competition.results.published.v1"
    SUBJECT: ClassVar[str] = "contest_id"
    contest_id: str
    name: str
    occupation: str
    published_on: date
    results: tuple[ContestResult, ...]


@dataclass(frozen=True)
class ContestCancelled(Contract):
    """A contest ended without results (domain.md 1.2, "Cancelling"): its people are told."""

    TYPE: ClassVar[str] = "banzu.competition.contest.cancelled.v1"
    SUBJECT: ClassVar[str] = "contest_id"
    contest_id: str
    name: str
    reason: str
    cancelled_at: datetime
    contestants: tuple[str, ...]  # employee numbers of the contestants still registered
    judges: tuple[str, ...]  # user accounts of the assigned judges that have one


@dataclass(frozen=True)
class JudgeAssignmentChanged(Contract):
    """A judge was added to a running contest's segment (a stand-in) or withdrawn from a segment."""

    TYPE: ClassVar[str] = "banzu.competition.judge.assignment.changed.v1"
    SUBJECT: ClassVar[str] = "contest_id"
    change_id: str  # unique per change: notices are keyed by it
    contest_id: str
    contest_name: str
    judge_id: str
    segment: str
    segment_name: str
    change: str  # "assigned" | "withdrawn"
    at: datetime
    username: str | None = None  # the judge's user account, if any
    reason: str | None = None  # why the judge was withdrawn


@dataclass(frozen=True)
class PromotionEarned(Contract):
    """Published by competition (source `contest`) and training (source `certification`)."""

    TYPE: ClassVar[str] = "banzu.grade.promotion.earned.v1"
    SUBJECT: ClassVar[str] = "promotion_id"
    promotion_id: str
    employee_no: str
    team_code: str
    occupation: str
    from_grade: str
    to_grade: str
    source: str  # "contest" | "certification"
    source_id: str
    source_name: str
    effective_on: date


# -- training ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EnrollmentChanged(Contract):
    TYPE: ClassVar[str] = "banzu.training.enrollment.changed.v1"
    SUBJECT: ClassVar[str] = "session_id"
    session_id: int
    course_code: str
    course_title: str
    employee_no: str
    status: str  # "enrolled" | "waitlisted" | "cancelled"
    starts_at: datetime
    ends_at: datetime
    location: str
    reason: str  # "enrolled_from_waitlist" | "session_cancelled" | "session_moved" | "recertification_planned"
    position: int | None = None
    credential_id: str | None = None  # the credential a recertification enrollment renews (added field)


@dataclass(frozen=True)
class AttendanceRecorded(Contract):
    TYPE: ClassVar[str] = "banzu.training.attendance.recorded.v1"
    SUBJECT: ClassVar[str] = "session_id"
    session_id: int
    course_code: str
    employee_no: str
    present: bool
    hours: Decimal
    on: date


@dataclass(frozen=True)
class CertificationEarned(Contract):
    TYPE: ClassVar[str] = "banzu.training.certification.earned.v1"
    SUBJECT: ClassVar[str] = "certification_id"
    certification_id: str
    employee_no: str
    program_code: str
    occupation: str
    grade: str
    credential_type: str
    earned_on: date


# -- credentials ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CredentialIssued(Contract):
    TYPE: ClassVar[str] = "banzu.credentials.credential.issued.v1"
    SUBJECT: ClassVar[str] = "credential_id"
    credential_id: str
    employee_no: str
    type_code: str
    number: str
    issued_on: date
    expires_on: date | None = None


@dataclass(frozen=True)
class CredentialExpiring(Contract):
    TYPE: ClassVar[str] = "banzu.credentials.credential.expiring.v1"
    SUBJECT: ClassVar[str] = "credential_id"
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date
    days_left: int
    threshold: int
    # Added fields, for notices people can read: the certificate's number and its type's names.
    number: str | None = None
    type_name_zh: str | None = None
    type_name_en: str | None = None


@dataclass(frozen=True)
class CredentialExpired(Contract):
    TYPE: ClassVar[str] = "banzu.credentials.credential.expired.v1"
    SUBJECT: ClassVar[str] = "credential_id"
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date
    number: str | None = None  # added fields, as for CredentialExpiring
    type_name_zh: str | None = None
    type_name_en: str | None = None


@dataclass(frozen=True)
class CredentialRevoked(Contract):
    TYPE: ClassVar[str] = "banzu.credentials.credential.revoked.v1"
    SUBJECT: ClassVar[str] = "credential_id"
    credential_id: str
    employee_no: str
    type_code: str
    reason: str


@dataclass(frozen=True)
class CredentialRenewed(Contract):
    TYPE: ClassVar[str] = "banzu.credentials.credential.renewed.v1"
    SUBJECT: ClassVar[str] = "credential_id"
    old_credential_id: str
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date | None = None


CATALOGUE: dict[str, type[Contract]] = {contract.TYPE: contract for contract in (
    TeamUpserted, WorkerUpserted, OccupationUpserted, AccountChanged, ResultsPublished, ContestCancelled, JudgeAssignmentChanged, PromotionEarned,
    EnrollmentChanged, AttendanceRecorded,
    CertificationEarned, CredentialIssued, CredentialExpiring, CredentialExpired, CredentialRevoked,
    CredentialRenewed)}


def contract_of(type_: str, data: Any) -> Contract:
    """The contract of a received event's type and data."""
    try:
        contract = CATALOGUE[type_]
    except KeyError:
        raise ContractError(type_, {"type": ["is not a type of the event catalogue"]}) from None
    return contract.from_data(data)
