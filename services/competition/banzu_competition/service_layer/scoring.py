"""Scoring commands: entering a score, signing off a segment, accepting a flagged spread."""
from __future__ import annotations

from datetime import datetime

from banzu_common.auth import Principal
from banzu_common.errors import Forbidden

from banzu_competition.domain import Contest, Score, SpreadFlag
from banzu_competition.service_layer.judges import judge_of, require_judge
from banzu_competition.service_layer.unit_of_work import CompetitionUnitOfWork


def enter_score(uow: CompetitionUnitOfWork, principal: Principal, contest_id: str, segment: str, bib: int,
                value: object, reason: str | None, now: datetime) -> Score:
    """A judge enters their own score; an organizer without a judge record enters measurement scores."""
    judge = judge_of(uow, principal)
    if judge is None and not principal.has("organizer"):
        raise Forbidden("not_a_judge", "No judge record is linked to this user account.")
    contest = uow.contests.get(contest_id, lock=True)
    _load_card(uow, contest, segment, bib)
    logged = len(contest.audit)
    score = contest.enter_score(judge, segment, bib, value, by=principal.username, at=now, reason=reason)
    uow.contests.save(contest)
    for change in contest.audit[logged:]:  # nothing when the value did not change
        thing = f"{contest.id}/{segment}/{bib}/{score.judge_id or 'organizer'}"
        uow.audit("score", "score", thing, None if change.old is None else {"value": change.old},
                  {"value": change.new, "reason": change.reason})
    return score


def sign_off(uow: CompetitionUnitOfWork, principal: Principal, contest_id: str, segment: str,
             now: datetime) -> tuple[str, datetime]:
    """The judge's id and when they signed off (the first time, if they sign off again)."""
    judge = require_judge(uow, principal)
    contest = uow.contests.get(contest_id, lock=True)
    signed = (judge.id, segment) in contest.signoffs
    contest.sign_off(judge, segment, now)
    uow.contests.save(contest)
    if not signed:
        uow.audit("sign_off", "segment_signoff", f"{contest.id}/{segment}/{judge.id}",
                  after={"signed_at": contest.signoffs[(judge.id, segment)]})
    return judge.id, contest.signoffs[(judge.id, segment)]


def accept_spread(uow: CompetitionUnitOfWork, principal: Principal, contest_id: str, segment: str, bib: int,
                  reason: str, now: datetime) -> SpreadFlag:
    contest = uow.contests.get(contest_id, lock=True)
    _load_card(uow, contest, segment, bib)
    flag = contest.accept_spread(segment, bib, reason, by=principal.username, at=now)
    uow.contests.save(contest)
    uow.audit("accept_spread", "spread_flag", f"{contest.id}/{segment}/{bib}", {"status": "needs_review"},
              {"status": flag.status, "reason": reason})
    return flag


def _load_card(uow: CompetitionUnitOfWork, contest: Contest, segment: str, bib: int) -> None:
    """Only the contestant with that bib and their card in that segment; the domain refuses the rest."""
    contestant = uow.contests.load_contestant_by_bib(contest, bib)
    if contestant is not None and segment in contest.settings.segment_codes:
        uow.contests.load_card(contest, segment, contestant)
