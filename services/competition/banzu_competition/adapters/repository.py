"""Loading and saving contests and judges.

A contest is loaded with its row, assignments and sign-offs (a few rows); contestants and score
cards are loaded only as a command needs them, and `save` writes back what changed since loading.
"""
from __future__ import annotations


import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from banzu_common.errors import NotFound

from banzu_competition.adapters.tables import (MEASUREMENT_SLOT, assignments, contestants, contests, judges, results,
                                               score_changes, scores, signoffs, spread_flags)
from banzu_competition.domain import (Awards, Contest, Contestant, ContestSettings, FlagStatus, Judge, Method,
                                      Participation, Promotions, Score, ScoreCard, Segment, SpreadFlag, Status,
                                      Withdrawal)

MAX_BIB = 2**31 - 1  # the column's range: larger numbers cannot be a bib


def parse_id(value: Any) -> str | None:
    """The canonical text of a uuid, or None for anything else (so bad ids never reach a query)."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def settings_from_dict(stored: dict) -> ContestSettings:
    """Settings rebuilt from ContestSettings.to_dict(); they were validated when first given."""
    segments = tuple(
        Segment(s["code"], s["name"], Decimal(s["weight"]), Decimal(s["max_score"]), Method(s["method"]),
                None if s["max_spread"] is None else Decimal(s["max_spread"]))
        for s in stored["segments"]
    )
    awards = Awards(**{key: Decimal(value) for key, value in stored["awards"].items()})
    return ContestSettings(segments, tuple(stored["tie_break"]), awards, Promotions(**stored["promotions"]),
                           stored["min_grade"], tuple(stored["required_credentials"]))


def contest_from_row(row) -> Contest:
    """The contest alone, without assignments, contestants or scores."""
    return Contest(id=row.id, name=row.name, occupation=row.occupation, starts_on=row.starts_on, ends_on=row.ends_on,
                   settings=settings_from_dict(row.settings), status=Status(row.status),
                   published_on=row.published_on, cancel_reason=row.cancel_reason, cancelled_at=row.cancelled_at)


@dataclass
class _Loaded:
    """What was read or last written, to tell what a command changed."""

    row: tuple
    assignments: set[tuple[str, str]] = field(default_factory=set)
    withdrawals: set[tuple[str, str]] = field(default_factory=set)
    signoffs: set[tuple[str, str]] = field(default_factory=set)
    contestants: dict[str, tuple] = field(default_factory=dict)  # employee_no -> _contestant_state
    scores: dict[tuple[str, str, str], tuple] = field(default_factory=dict)
    flags: dict[tuple[str, str], tuple] = field(default_factory=dict)
    audit_saved: int = 0
    results_saved: bool = False


def _contest_row(contest: Contest) -> tuple:
    return (contest.name, contest.occupation, contest.starts_on, contest.ends_on, str(contest.status),
            contest.settings.to_dict(), contest.published_on, contest.cancel_reason, contest.cancelled_at)


_CONTEST_COLUMNS = ("name", "occupation", "starts_on", "ends_on", "status", "settings", "published_on",
                    "cancel_reason", "cancelled_at")


def _contestant_state(contestant: Contestant) -> tuple:
    return (contestant.bib, str(contestant.status), contestant.reason, contestant.status_changed_at)


def _score_state(score: Score) -> tuple:
    return (score.judge_id, score.value, score.entered_by, score.entered_at, score.withdrawn)


def _flag_state(flag: SpreadFlag) -> tuple:
    return (flag.spread, str(flag.status), flag.reason, flag.resolved_by, flag.resolved_at)


class ContestRepository:
    def __init__(self, session: Session, seen: Callable[[Contest], None]):
        self.session = session
        self._seen = seen  # the unit of work collects the events of every contest it saw
        self._loaded: dict[str, _Loaded] = {}

    # -- loading ---------------------------------------------------------------------------------
    def get(self, contest_id: Any, lock: bool = False) -> Contest:
        """The contest with its assignments and sign-offs; `lock` serialises writers on this contest."""
        key = parse_id(contest_id)
        query = select(contests).where(contests.c.id == key)
        row = None if key is None else self.session.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise NotFound(f"There is no contest {contest_id!r}.")
        contest = contest_from_row(row)
        loaded = self._loaded[contest.id] = _Loaded(_contest_row(contest))
        by_judge: dict[str, set[str]] = {}
        for row in self.session.execute(select(assignments).where(assignments.c.contest_id == key)):
            if row.withdrawn_at is not None:
                contest.withdrawals[(row.judge_id, row.segment)] = Withdrawal(row.withdraw_reason, row.withdrawn_by,
                                                                              row.withdrawn_at)
                loaded.withdrawals.add((row.judge_id, row.segment))
                continue
            by_judge.setdefault(row.judge_id, set()).add(row.segment)
            loaded.assignments.add((row.judge_id, row.segment))
        contest.assignments = {judge_id: frozenset(codes) for judge_id, codes in by_judge.items()}
        for judge_id, segment, signed_at in self.session.execute(
                select(signoffs.c.judge_id, signoffs.c.segment, signoffs.c.signed_at)
                .where(signoffs.c.contest_id == key)):
            contest.signoffs[(judge_id, segment)] = signed_at
            loaded.signoffs.add((judge_id, segment))
        loaded.results_saved = contest.status == Status.PUBLISHED
        self._seen(contest)
        return contest

    def load_contestants(self, contest: Contest) -> None:
        self._load_contestants(contest, contestants.c.contest_id == contest.id)

    def load_contestant(self, contest: Contest, employee_no: str) -> Contestant | None:
        found = self._load_contestants(contest, (contestants.c.contest_id == contest.id)
                                       & (contestants.c.employee_no == employee_no))
        return found[0] if found else None

    def load_contestant_by_bib(self, contest: Contest, bib: int) -> Contestant | None:
        if not 0 < bib <= MAX_BIB:
            return None
        found = self._load_contestants(contest, (contestants.c.contest_id == contest.id) & (contestants.c.bib == bib))
        return found[0] if found else None

    def _load_contestants(self, contest: Contest, where) -> list[Contestant]:
        loaded = self._loaded[contest.id]
        found = []
        for row in self.session.execute(select(contestants).where(where)):
            contestant = Contestant(row.employee_no, row.name, row.team_code, row.company, row.grade, row.bib,
                                    Participation(row.status), row.status_reason, row.status_changed_at)
            contest.contestants[row.employee_no] = contestant
            loaded.contestants[row.employee_no] = _contestant_state(contestant)
            found.append(contestant)
        return found

    def load_card(self, contest: Contest, segment: str, contestant: Contestant) -> None:
        """The one score card that entering a score or accepting a spread reads."""
        self._load_cards(contest, (scores.c.segment == segment) & (scores.c.employee_no == contestant.employee_no),
                         (spread_flags.c.segment == segment) & (spread_flags.c.employee_no == contestant.employee_no))
        contest.card(segment, contestant)

    def load_cards(self, contest: Contest) -> None:
        """Every score card: closing checks them all. Load the contestants first."""
        self._load_cards(contest, True, True)

    def _load_cards(self, contest: Contest, score_filter, flag_filter) -> None:
        loaded = self._loaded[contest.id]
        # In the order they were entered, so lists built from a card (a flag's scores) are stable.
        for row in self.session.execute(select(scores).where(scores.c.contest_id == contest.id, score_filter)
                                        .order_by(scores.c.id)):
            score = Score(row.segment, row.employee_no, row.bib, row.judge_id, row.value, row.entered_by,
                          row.entered_at, row.withdrawn)
            self._card(contest, row.segment, row.employee_no, row.bib).scores.append(score)
            loaded.scores[(row.segment, row.employee_no, row.slot)] = _score_state(score)
        for row in self.session.execute(select(spread_flags, contestants.c.bib)
                                        .join(contestants, (contestants.c.contest_id == spread_flags.c.contest_id)
                                              & (contestants.c.employee_no == spread_flags.c.employee_no))
                                        .where(spread_flags.c.contest_id == contest.id, flag_filter)):
            flag = SpreadFlag(row.spread, FlagStatus(row.status), row.reason, row.resolved_by, row.resolved_at)
            self._card(contest, row.segment, row.employee_no, row.bib).flag = flag
            loaded.flags[(row.segment, row.employee_no)] = _flag_state(flag)

    @staticmethod
    def _card(contest: Contest, segment: str, employee_no: str, bib: int) -> ScoreCard:
        card = contest.cards.get((segment, employee_no))
        if card is None:
            card = contest.cards[(segment, employee_no)] = ScoreCard(segment, employee_no, bib)
        return card

    def score_rows(self, contest: Contest) -> list[tuple[str, str, Decimal]]:
        """(employee_no, segment, value) of every score that counts, straight from one query, for publication."""
        return self.session.execute(select(scores.c.employee_no, scores.c.segment, scores.c.value)
                                    .where(scores.c.contest_id == contest.id, scores.c.withdrawn.is_(False))).all()

    # -- saving ----------------------------------------------------------------------------------
    def add(self, contest: Contest, created_at: datetime, created_by: str) -> None:
        self.session.execute(insert(contests).values(
            id=contest.id, created_at=created_at, created_by=created_by,
            **dict(zip(_CONTEST_COLUMNS, _contest_row(contest)))))
        self._loaded[contest.id] = _Loaded(_contest_row(contest))
        self._seen(contest)
        self.save(contest)

    def save(self, contest: Contest, now: datetime | None = None) -> None:
        """Write what changed since loading. `now` stamps newly registered contestants."""
        loaded = self._loaded[contest.id]
        row = _contest_row(contest)
        if row != loaded.row:
            self.session.execute(update(contests).where(contests.c.id == contest.id)
                                 .values(**dict(zip(_CONTEST_COLUMNS, row))))
            loaded.row = row
        self._save_assignments(contest, loaded)
        self._save_contestants(contest, loaded, now)
        self._save_cards(contest, loaded)
        self._save_signoffs(contest, loaded)
        self._save_audit(contest, loaded)
        self._save_results(contest, loaded)

    def _save_assignments(self, contest: Contest, loaded: _Loaded) -> None:
        current = {(judge_id, code) for judge_id, codes in contest.assignments.items() for code in codes}
        for judge_id, code in loaded.assignments - current:
            row = (assignments.c.contest_id == contest.id) & (assignments.c.judge_id == judge_id) \
                & (assignments.c.segment == code)
            withdrawal = contest.withdrawals.get((judge_id, code))
            if withdrawal is None:
                self.session.execute(delete(assignments).where(row))
            else:  # the row stays: who was withdrawn, when and why
                self.session.execute(update(assignments).where(row).values(
                    withdrawn_at=withdrawal.at, withdrawn_by=withdrawal.by, withdraw_reason=withdrawal.reason))
                loaded.withdrawals.add((judge_id, code))
        added = current - loaded.assignments
        if added:
            self.session.execute(insert(assignments), [
                {"contest_id": contest.id, "judge_id": judge_id, "segment": code} for judge_id, code in added])
        loaded.assignments = current

    def _save_contestants(self, contest: Contest, loaded: _Loaded, now: datetime | None) -> None:
        new = [c for c in contest.contestants.values() if c.employee_no not in loaded.contestants]
        if new:
            self.session.execute(insert(contestants), [
                {"contest_id": contest.id, "employee_no": c.employee_no, "name": c.name, "team_code": c.team_code,
                 "company": c.company, "grade": c.grade, "bib": c.bib, "registered_at": now, "status": str(c.status),
                 "status_reason": c.reason, "status_changed_at": c.status_changed_at} for c in new])
        changed = [c for c in contest.contestants.values()
                   if c.employee_no in loaded.contestants and loaded.contestants[c.employee_no] != _contestant_state(c)]
        if changed:
            self.session.execute(
                update(contestants)
                .where(contestants.c.contest_id == contest.id, contestants.c.employee_no == bindparam("who"))
                .values(bib=bindparam("new_bib"), status=bindparam("new_status"),
                        status_reason=bindparam("new_reason"), status_changed_at=bindparam("changed_at"),
                        name=bindparam("new_name"), team_code=bindparam("new_team"),
                        company=bindparam("new_company"), grade=bindparam("new_grade")),
                [{"who": c.employee_no, "new_bib": c.bib, "new_status": str(c.status), "new_reason": c.reason,
                  "changed_at": c.status_changed_at, "new_name": c.name, "new_team": c.team_code,
                  "new_company": c.company, "new_grade": c.grade} for c in changed])
        loaded.contestants.update((c.employee_no, _contestant_state(c)) for c in contest.contestants.values())

    def _save_cards(self, contest: Contest, loaded: _Loaded) -> None:
        methods = {segment.code: segment.method for segment in contest.settings.segments}
        for (code, employee_no), card in contest.cards.items():
            for score in card.scores:
                slot = MEASUREMENT_SLOT if methods.get(code) == Method.MEASUREMENT else str(score.judge_id)
                key, state = (code, employee_no, slot), _score_state(score)
                before = loaded.scores.get(key)
                if before == state:
                    continue
                values = {"judge_id": score.judge_id, "value": score.value, "bib": score.bib,
                          "entered_by": score.entered_by, "entered_at": score.entered_at,
                          "withdrawn": score.withdrawn}
                if before is None:
                    self.session.execute(insert(scores).values(
                        contest_id=contest.id, segment=code, employee_no=employee_no, slot=slot, **values))
                else:
                    self.session.execute(update(scores).where(
                        scores.c.contest_id == contest.id, scores.c.segment == code,
                        scores.c.employee_no == employee_no, scores.c.slot == slot).values(**values))
                loaded.scores[key] = state
            if card.flag is not None and loaded.flags.get((code, employee_no)) != _flag_state(card.flag):
                self._save_flag(contest.id, code, employee_no, card.flag, (code, employee_no) in loaded.flags)
                loaded.flags[(code, employee_no)] = _flag_state(card.flag)

    def _save_flag(self, contest_id: str, code: str, employee_no: str, flag: SpreadFlag, stored: bool) -> None:
        values = {"spread": flag.spread, "status": str(flag.status), "reason": flag.reason,
                  "resolved_by": flag.resolved_by, "resolved_at": flag.resolved_at}
        if stored:
            self.session.execute(update(spread_flags).where(
                spread_flags.c.contest_id == contest_id, spread_flags.c.segment == code,
                spread_flags.c.employee_no == employee_no).values(**values))
        else:
            self.session.execute(insert(spread_flags).values(
                contest_id=contest_id, segment=code, employee_no=employee_no, **values))

    def _save_signoffs(self, contest: Contest, loaded: _Loaded) -> None:
        for (judge_id, code), signed_at in contest.signoffs.items():
            if (judge_id, code) not in loaded.signoffs:
                self.session.execute(insert(signoffs).values(
                    contest_id=contest.id, judge_id=judge_id, segment=code, signed_at=signed_at))
                loaded.signoffs.add((judge_id, code))

    def _save_audit(self, contest: Contest, loaded: _Loaded) -> None:
        new = contest.audit[loaded.audit_saved:]
        if new:
            self.session.execute(insert(score_changes), [
                {"contest_id": contest.id, "segment": c.segment, "employee_no": c.employee_no, "bib": c.bib,
                 "judge_id": c.judge_id, "changed_by": c.changed_by, "changed_at": c.changed_at,
                 "old_value": c.old, "new_value": c.new, "reason": c.reason} for c in new])
        loaded.audit_saved = len(contest.audit)

    def _save_results(self, contest: Contest, loaded: _Loaded) -> None:
        if loaded.results_saved or contest.status != Status.PUBLISHED:
            return
        rows = [
            {"contest_id": contest.id, "employee_no": r.employee_no, "rank": r.rank,
             "name": contest.contestants[r.employee_no].name, "team_code": r.team_code, "bib": r.bib,
             "total": r.total, "segments": {code: str(percent) for code, percent in r.segments.items()},
             "prize": None if r.prize is None else str(r.prize),
             "from_grade": r.promotion.from_grade if r.promotion else None,
             "to_grade": r.promotion.to_grade if r.promotion else None,
             "promotion_withheld": r.promotion_withheld, "status": "ranked"}
            for r in contest.results]
        # Absent contestants are listed after the ranked ones, without rank, total or prize.
        rows += [{"contest_id": contest.id, "employee_no": c.employee_no, "rank": None, "name": c.name,
                  "team_code": c.team_code, "bib": c.bib, "total": None, "segments": {}, "prize": None,
                  "from_grade": None, "to_grade": None, "promotion_withheld": None, "status": "absent"}
                 for c in contest.absentees()]
        if rows:
            self.session.execute(insert(results), rows)
        loaded.results_saved = True


class JudgeRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, judge: Judge, created_at: datetime) -> None:
        self.session.execute(insert(judges).values(
            id=judge.id, name=judge.name, organization=judge.organization, username=judge.username,
            conflict_teams=sorted(judge.conflict_teams), conflict_workers=sorted(judge.conflict_workers),
            created_at=created_at))

    def get(self, judge_id: Any) -> Judge | None:
        key = parse_id(judge_id)
        if key is None:
            return None
        return self._one(judges.c.id == key)

    def by_username(self, username: str) -> Judge | None:
        return self._one(judges.c.username == username)

    def page(self, page: int, per_page: int) -> tuple[list[Judge], int]:
        total = self.session.scalar(select(func.count()).select_from(judges))
        rows = self.session.execute(select(judges).order_by(judges.c.name, judges.c.id)
                                    .offset((page - 1) * per_page).limit(per_page))
        return [_judge(row) for row in rows], total

    def by_ids(self, ids) -> dict[str, Judge]:
        return {row.id: _judge(row) for row in self.session.execute(select(judges).where(judges.c.id.in_(list(ids))))}

    def _one(self, where) -> Judge | None:
        row = self.session.execute(select(judges).where(where)).first()
        return None if row is None else _judge(row)


def _judge(row) -> Judge:
    return Judge(id=row.id, name=row.name, organization=row.organization,
                 conflict_teams=frozenset(row.conflict_teams), conflict_workers=frozenset(row.conflict_workers),
                 username=row.username)
