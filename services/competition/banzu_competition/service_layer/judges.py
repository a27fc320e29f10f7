"""Registering third-party judges, and finding the judge a signed-in user scores as."""
from __future__ import annotations

import uuid
from datetime import datetime

from banzu_common.auth import Principal
from banzu_common.errors import Duplicate, Forbidden

from banzu_competition.domain import Judge, new_judge
from banzu_competition.service_layer.unit_of_work import CompetitionUnitOfWork


def create_judge(uow: CompetitionUnitOfWork, data: dict, now: datetime) -> Judge:
    judge = new_judge(str(uuid.uuid4()), data["name"], data["organization"], data.get("conflicts"),
                      data.get("username"))
    linked = None if judge.username is None else uow.judges.by_username(judge.username)
    if linked is not None:
        # The judge is most likely registered already: name them, so the organizer assigns them instead.
        raise Duplicate("username_taken", f"User {judge.username!r} is already the account of judge {linked.name!r}.",
                        "username", judge_id=linked.id, judge_name=linked.name)
    uow.judges.add(judge, now)
    uow.audit("create", "judge", judge.id, after={"name": judge.name, "organization": judge.organization,
                                                   "username": judge.username, "conflict_teams": judge.conflict_teams,
                                                   "conflict_workers": judge.conflict_workers})
    return judge


def judge_of(uow: CompetitionUnitOfWork, principal: Principal) -> Judge | None:
    """The judge record this user scores as (a judge role and a judge with their username), if any."""
    if not principal.has("judge"):
        return None
    return uow.judges.by_username(principal.username)


def require_judge(uow: CompetitionUnitOfWork, principal: Principal) -> Judge:
    judge = judge_of(uow, principal)
    if judge is None:
        raise Forbidden("not_a_judge", "No judge record is linked to this user account.")
    return judge
