"""The Contest aggregate: lifecycle, settings, judges' assignments, registration, scoring and publication.

State is kept in plain collections keyed for direct lookup, so a service may load only what a
command reads (noted on each method) and persist what it changed; unit tests load everything.
"""
from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from banzu_common.decimals import exact_text, present
from banzu_common.errors import Conflict, Forbidden, Invalid, NotFound
from banzu_common.rules import REQUIRED, Rule, not_before

from .contestants import Contestant, Participation, draw_bibs
from .eligibility import CredentialSnapshot, WorkerSnapshot, check_eligibility
from .events import ContestCancelled, JudgeAssignmentChanged, PromotionEarned, ResultsPublished
from .judges import Judge, Withdrawal, check_no_conflict
from .judging import (MIN_JUDGEMENT_SCORES, Score, ScoreCard, ScoreChange, SpreadFlag, check_score_value,
                      required_scores)
from .scoring import ContestantRow, ResultRow, ScoreRow, compute_results
from .settings import ContestSettings, Method


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"  # registration
    RUNNING = "running"  # scoring
    CLOSED = "closed"  # scoring closed
    PUBLISHED = "published"  # results final
    CANCELLED = "cancelled"  # ended without results; final


_NEXT = {
    Status.DRAFT: Status.OPEN,
    Status.OPEN: Status.RUNNING,
    Status.RUNNING: Status.CLOSED,
    Status.CLOSED: Status.PUBLISHED,
}
_EDITABLE = (Status.DRAFT, Status.OPEN)
_CANCELLABLE = (Status.DRAFT, Status.OPEN, Status.RUNNING)
_COVERED = (Status.DRAFT, Status.OPEN, Status.RUNNING)  # while judges' coverage can still change


class JudgeTask(NamedTuple):
    """What a judge sees to score: a segment and a bib, never a name."""

    segment: str
    bib: int


class JudgeProgress(NamedTuple):
    """How far one judge is in one segment: bibs only, as the judge sees them."""

    judge_id: Any
    segment: str
    bibs: tuple[int, ...]  # to score: every drawn bib but the judge's conflicts
    scored: tuple[int, ...]  # judgement: the judge's own scores; measurement: bibs with their one score
    flagged: tuple[int, ...]  # spreads waiting for review
    signed_off_at: datetime | None

    @property
    def missing(self) -> tuple[int, ...]:
        done = set(self.scored)
        return tuple(bib for bib in self.bibs if bib not in done)


@dataclass(eq=False)
class Contest:
    id: Any
    name: str
    occupation: str
    starts_on: date
    ends_on: date
    settings: ContestSettings
    status: Status = Status.DRAFT
    contestants: dict[str, Contestant] = field(default_factory=dict)  # by employee_no
    assignments: dict[Any, frozenset[str]] = field(default_factory=dict)  # judge id -> segment codes
    withdrawals: dict[tuple[Any, str], Withdrawal] = field(default_factory=dict)  # (judge id, segment)
    cards: dict[tuple[str, str], ScoreCard] = field(default_factory=dict)  # (segment, employee_no)
    signoffs: dict[tuple[Any, str], datetime] = field(default_factory=dict)  # (judge id, segment) -> when
    audit: list[ScoreChange] = field(default_factory=list)  # new entries are appended
    results: list[ResultRow] = field(default_factory=list)
    published_on: date | None = None
    cancel_reason: str | None = None
    cancelled_at: datetime | None = None
    events: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check_details(self.name, self.occupation, self.starts_on, self.ends_on)

    # --- details and settings (draft and open only) ---

    def change(
        self,
        *,
        name: str | None = None,
        occupation: str | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
        settings: ContestSettings | None = None,
    ) -> None:
        """Reads: status, assignments."""
        self._require_editable()
        name = self.name if name is None else name
        occupation = self.occupation if occupation is None else occupation
        starts_on = self.starts_on if starts_on is None else starts_on
        ends_on = self.ends_on if ends_on is None else ends_on
        _check_details(name, occupation, starts_on, ends_on)
        self.name, self.occupation, self.starts_on, self.ends_on = name, occupation, starts_on, ends_on
        if settings is not None:
            self.settings = settings
            # Assignments to segments that no longer exist go with them.
            codes = set(settings.segment_codes)
            self.assignments = {
                judge_id: kept for judge_id, segments in self.assignments.items() if (kept := segments & codes)
            }

    def assign(self, judge_id: Any, segments: Iterable[str], *, username: str | None = None,
               at: datetime | None = None) -> frozenset[str]:
        """In draft and open, assign a judge to segments, replacing an earlier assignment. While running,
        add the segments to the judge's (a stand-in, who sees the bibs from then on; the conflict rules
        hold as for everyone), and tell the judge. Reads: status, settings, assignments, withdrawals."""
        codes = frozenset(segments)
        if self.status != Status.RUNNING:
            self._require_editable()
        if not codes:
            raise Invalid({"segments": [Rule("no_segment", "name at least one segment")]})
        unknown = sorted(codes - set(self.settings.segment_codes))
        if unknown:
            raise Invalid({"segments": [Rule("unknown_segment", f"unknown segment {code!r}", value=code)
                                         for code in unknown]})
        if self.status != Status.RUNNING:
            self.assignments[judge_id] = codes
            return codes
        withdrawn = sorted(code for code in codes if (judge_id, code) in self.withdrawals)
        if withdrawn:
            raise Conflict("judge_withdrawn", "This judge was withdrawn from these segments and cannot return.",
                           segments=withdrawn)
        current = self.assignments.get(judge_id, frozenset())
        self.assignments[judge_id] = current | codes
        for code in sorted(codes - current):
            self._tell_judge(judge_id, username, code, "assigned", at)
        return self.assignments[judge_id]

    def withdraw_judge(self, judge_id: Any, segment_code: str, reason: str, *, by: str, at: datetime,
                       username: str | None = None) -> Withdrawal:
        """Take a judge off a segment. In draft and open the assignment simply ends. While running, the
        judge's scores there stop counting (kept, marked withdrawn), they can no longer score it, flags
        are checked again, and the judge is told. Reads: status, settings, assignments, and while running
        the segment's score cards."""
        reason = _required_reason(reason)
        segment = self.settings.segment(segment_code)
        if self.status != Status.RUNNING:
            self._require_editable()
        if segment_code not in self.assignments.get(judge_id, ()):
            raise Conflict("not_assigned", f"This judge is not assigned to segment {segment_code!r}.")
        remaining = self.assignments[judge_id] - {segment_code}
        if remaining:
            self.assignments[judge_id] = remaining
        else:
            del self.assignments[judge_id]
        withdrawal = Withdrawal(reason, by, at)
        if self.status == Status.RUNNING:
            self.withdrawals[(judge_id, segment_code)] = withdrawal
            for (code, _), card in self.cards.items():
                if code == segment_code:
                    card.withdraw_judge(judge_id, segment, by, at)
            self._tell_judge(judge_id, username, segment_code, "withdrawn", at, reason)
        return withdrawal

    def _tell_judge(self, judge_id: Any, username: str | None, segment_code: str, change: str,
                    at: datetime | None, reason: str | None = None) -> None:
        segment = self.settings.segment(segment_code)
        self.events.append(JudgeAssignmentChanged(self.id, self.name, judge_id, username, segment.code,
                                                  segment.name, change, at, reason))

    def coverage_gaps(self, judges: Mapping[Any, Judge]) -> list[dict[str, Any]]:
        """Competing contestants with fewer than 3 assigned, non-conflicted judges in a judgement segment,
        as `{segment, employee_no, name, bib, available}`. `judges` holds every assigned judge.
        Reads: assignments, all contestants."""
        if self.status not in _COVERED:
            return []
        gaps = []
        for segment in self.settings.segments:
            if required_scores(segment) < MIN_JUDGEMENT_SCORES:
                continue
            on_segment = [judges[judge_id] for judge_id, codes in self.assignments.items() if segment.code in codes]
            for contestant in sorted(self._competing(), key=_by_bib):
                available = sum(1 for judge in on_segment if not judge.is_conflicted_with(contestant))
                if available < MIN_JUDGEMENT_SCORES:
                    gaps.append({"segment": segment.code, "employee_no": contestant.employee_no,
                                 "name": contestant.name, "bib": contestant.bib, "available": available})
        return gaps

    # --- lifecycle ---

    def open(self) -> None:
        self._advance(Status.OPEN)

    def start(self, rng: random.Random, judges: Mapping[Any, Judge]) -> None:
        """Registration ends and every competing contestant draws a bib; refused while a contestant would
        lack 3 non-conflicted judges in a judgement segment. `judges` holds every assigned judge.
        Reads: all contestants."""
        self._require_next(Status.RUNNING)
        uncovered = self.coverage_gaps(judges)
        if uncovered:
            raise Conflict(
                "judge_coverage",
                "Some contestants would have fewer than 3 judges without a conflict in a judgement segment.",
                uncovered=uncovered,
            )
        draw_bibs(self.contestants.values(), rng)
        self.status = Status.RUNNING

    def cancel(self, reason: str, *, at: datetime, judges: Iterable[Judge] = ()) -> None:
        """End the contest without results (draft, open or running); its contestants and judges are told.
        `judges` are the assigned judges. Reads: status, all contestants."""
        reason = _required_reason(reason)
        if self.status not in _CANCELLABLE:
            raise Conflict("invalid_transition", f"A contest cannot go from {self.status} to {Status.CANCELLED}.",
                           current=str(self.status), target=str(Status.CANCELLED))
        self.status, self.cancel_reason, self.cancelled_at = Status.CANCELLED, reason, at
        self.events.append(ContestCancelled(
            self.id, self.name, reason, at, tuple(sorted(c.employee_no for c in self._competing())),
            tuple(sorted(judge.username for judge in judges if judge.username))))

    def close(self) -> None:
        """Reads: all contestants and all score cards."""
        self._require_next(Status.CLOSED)
        missing, flags = self.scoring_gaps()
        if missing or flags:
            raise Conflict(
                "scoring_incomplete",
                "Scoring cannot close: scores are missing or spreads wait for review.",
                missing=missing,
                flags=flags,
            )
        self.status = Status.CLOSED

    def publish(
        self, published_on: date, scores: Iterable[tuple[str, str, Decimal]] | None = None
    ) -> list[ResultRow]:
        """Compute the results once and record ResultsPublished and one PromotionEarned per promotion.

        `scores` are (employee_no, segment, value) rows; by default the loaded score cards are used.
        Reads: all contestants (and all score cards unless `scores` is given).
        """
        self._require_next(Status.PUBLISHED)
        rows = [ContestantRow(c.employee_no, c.team_code, c.grade, c.bib) for c in self._competing()]
        self.results = compute_results(self.settings, rows, self._score_rows() if scores is None else scores)
        self.published_on = published_on
        self.status = Status.PUBLISHED
        self.events.append(
            ResultsPublished(self.id, self.name, self.occupation, published_on, tuple(self.results))
        )
        for row in self.results:
            if row.promotion is not None:
                self.events.append(
                    PromotionEarned(
                        employee_no=row.employee_no,
                        team_code=row.team_code,
                        occupation=self.occupation,
                        from_grade=row.promotion.from_grade,
                        to_grade=row.promotion.to_grade,
                        source_id=self.id,
                        source_name=self.name,
                        effective_on=published_on,
                    )
                )
        return self.results

    def preview(self) -> tuple[list[ResultRow], list[Contestant]]:
        """The ranking the scores entered so far would give (not final), and the competing contestants
        still lacking a segment's score. Reads: all contestants and score cards."""
        if self.status not in (Status.RUNNING, Status.CLOSED):
            raise Conflict("no_preview", "A ranking preview exists only while the contest is running or closed.")
        rows = [ContestantRow(c.employee_no, c.team_code, c.grade, c.bib) for c in self._competing()]
        ranked = compute_results(self.settings, rows, self._score_rows())
        done = {row.employee_no for row in ranked}
        return ranked, sorted((c for c in self._competing() if c.employee_no not in done), key=_by_bib)

    def absentees(self) -> list[Contestant]:
        return sorted((c for c in self.contestants.values() if c.status == Participation.ABSENT), key=_by_bib)

    # --- registration ---

    def register(
        self,
        employee_no: str,
        worker: WorkerSnapshot | None,
        credentials: Iterable[CredentialSnapshot] = (),
        on: date | None = None,
    ) -> Contestant:
        """Register a worker (None: unknown to this service) on the day `on` (default: the contest's
        start); a worker who had left the company by then is refused. Reads: status, settings, that
        contestant."""
        if self.status != Status.OPEN:
            raise Conflict("registration_closed", "Registration is only possible while the contest is open.")
        if worker is None:
            raise Conflict("unknown_worker", f"No worker {employee_no!r} is known.")
        if worker.has_left(on or self.starts_on):
            raise Conflict("worker_left", f"Worker {employee_no!r} left the company on {worker.left_on}.",
                           left_on=worker.left_on.isoformat() if worker.left_on else None)
        known = self.contestants.get(employee_no)
        if known is not None and known.competing:
            raise Conflict("already_registered", f"Worker {employee_no!r} is already registered.")
        if worker.occupation != self.occupation:
            raise Conflict("wrong_occupation",
                           f"The worker is a {worker.occupation}; this contest is for {self.occupation}.",
                           occupation=worker.occupation, contest_occupation=self.occupation)
        check_eligibility(self.settings, self.starts_on, worker, credentials)
        if known is not None:  # withdrawn earlier, registering again
            known.status, known.reason, known.status_changed_at = Participation.REGISTERED, None, None
            known.name, known.team_code, known.company, known.grade = (worker.name, worker.team_code,
                                                                       worker.company, worker.grade)
            return known
        contestant = Contestant(employee_no, worker.name, worker.team_code, worker.company, worker.grade)
        self.contestants[employee_no] = contestant
        return contestant

    def withdraw_contestant(self, employee_no: str, reason: str, *, at: datetime) -> Contestant:
        """Open: the registration ends. Running: the contestant is absent (缺考): their scores stop counting,
        they are not ranked, win nothing and do not block closing. Reads: status, that contestant."""
        reason = _required_reason(reason)
        contestant = self.contestants.get(employee_no)
        if contestant is None:
            raise NotFound(f"Worker {employee_no!r} is not a contestant of this contest.")
        if self.status not in (Status.OPEN, Status.RUNNING):
            raise Conflict("contestant_locked", "Contestants are withdrawn only while the contest is open or running.")
        if not contestant.competing:
            raise Conflict("not_registered", f"Worker {employee_no!r} was already withdrawn or marked absent.")
        contestant.status = Participation.WITHDRAWN if self.status == Status.OPEN else Participation.ABSENT
        contestant.reason, contestant.status_changed_at = reason, at
        return contestant

    def contestant_by_bib(self, bib: int) -> Contestant:
        for contestant in self.contestants.values():
            if contestant.bib == bib:
                return contestant
        raise NotFound(f"No contestant has bib {bib}.")

    # --- scoring (running only) ---

    def enter_score(
        self,
        judge: Judge | None,
        segment_code: str,
        bib: int,
        value: object,
        *,
        by: str,
        at: datetime,
        reason: str | None = None,
    ) -> Score:
        """Create or change a score; `judge` None means the organizer (measurement segments only).

        Reads: status, settings, the assignment and sign-offs of the judges involved, the contestant
        with that bib and its score card. Appends to `audit` unless the value is unchanged.
        """
        self._require_running()
        segment = self.settings.segment(segment_code)
        contestant = self.contestant_by_bib(bib)
        if not contestant.competing:
            raise Conflict("contestant_absent", f"The contestant with bib {bib} is absent; nothing is scored.")
        if judge is None:
            if segment.method != Method.MEASUREMENT:
                raise Forbidden("not_assigned", "The organizer enters scores of measurement segments only.")
        else:
            if (judge.id, segment_code) in self.withdrawals:
                raise Forbidden("judge_withdrawn", f"This judge was withdrawn from segment {segment_code!r}.")
            if segment_code not in self.assignments.get(judge.id, ()):
                raise Forbidden("not_assigned", f"This judge is not assigned to segment {segment_code!r}.")
            check_no_conflict(judge, contestant)
            self._require_not_signed_off(judge.id, segment_code)
        card = self.card(segment_code, contestant)
        replaced = card.slot(segment.method, None if judge is None else judge.id)
        if replaced is not None and replaced.judge_id is not None:
            self._require_not_signed_off(replaced.judge_id, segment_code)
        score, change = card.record(
            segment, None if judge is None else judge.id, check_score_value(value, segment), by, at, reason
        )
        if change is not None:
            self.audit.append(change)
        return score

    def sign_off(self, judge: Judge, segment_code: str, at: datetime) -> None:
        """Lock the judge's scores in a segment; signing off twice changes nothing.

        Reads: status, settings, the judge's assignment and sign-offs.
        """
        self._require_running()
        self.settings.segment(segment_code)
        if (judge.id, segment_code) in self.withdrawals:
            raise Forbidden("judge_withdrawn", f"This judge was withdrawn from segment {segment_code!r}.")
        if segment_code not in self.assignments.get(judge.id, ()):
            raise Forbidden("not_assigned", f"This judge is not assigned to segment {segment_code!r}.")
        self.signoffs.setdefault((judge.id, segment_code), at)

    def accept_spread(self, segment_code: str, bib: int, reason: str, *, by: str, at: datetime) -> SpreadFlag:
        """The organizer accepts a flagged spread. Reads: status, the contestant, its score card."""
        self._require_running()
        self.settings.segment(segment_code)
        contestant = self.contestant_by_bib(bib)
        if not contestant.competing:
            raise Conflict("contestant_absent", f"The contestant with bib {bib} is absent; nothing is scored.")
        card = self.cards.get((segment_code, contestant.employee_no))
        if card is None:
            card = ScoreCard(segment_code, contestant.employee_no, bib)
        return card.accept_spread(reason, by, at)

    def card(self, segment_code: str, contestant: Contestant) -> ScoreCard:
        key = (segment_code, contestant.employee_no)
        card = self.cards.get(key)
        if card is None:
            card = self.cards[key] = ScoreCard(segment_code, contestant.employee_no, contestant.bib)
        return card

    def scoring_gaps(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Missing scores and spreads waiting for review, as listed by a refused close."""
        missing: list[dict[str, Any]] = []
        flags: list[dict[str, Any]] = []
        for contestant in sorted(self._competing(), key=_by_bib):
            for segment in self.settings.segments:
                card = self.cards.get((segment.code, contestant.employee_no))
                count, needed = (len(card.counting) if card else 0), required_scores(segment)
                where = {"segment": segment.code, "bib": contestant.bib, "employee_no": contestant.employee_no}
                if count < needed:
                    missing.append({**where, "scores": count, "needed": needed})
                if card is not None and card.needs_review:
                    flags.append({**where, "spread": str(present(card.flag.spread)),
                                  "scores": [{"judge_id": score.judge_id, "score": exact_text(score.value)}
                                             for score in card.counting]})
        return missing, flags

    # --- views ---

    def tasks_for(self, judge: Judge) -> list[JudgeTask]:
        """The judge's (segment, bib) pairs to score, leaving out contestants the judge is conflicted with."""
        assigned = self.assignments.get(judge.id, frozenset())
        contestants = sorted(
            (c for c in self._competing() if c.bib is not None and not judge.is_conflicted_with(c)),
            key=_by_bib,
        )
        return [
            JudgeTask(code, c.bib) for code in self.settings.segment_codes if code in assigned for c in contestants
        ]

    def progress_of(self, judge: Judge) -> list[JudgeProgress]:
        """Per segment the judge is assigned to (in the contest's order): bibs to score, scored and flagged,
        and the sign-off. Reads: assignments, sign-offs, all contestants and score cards."""
        assigned = self.assignments.get(judge.id, frozenset())
        employee_of = self.bib_map()
        tasks = self.tasks_for(judge)
        rows = []
        for segment in self.settings.segments:
            if segment.code not in assigned:
                continue
            cards = {task.bib: self.cards.get((segment.code, employee_of[task.bib]))
                     for task in tasks if task.segment == segment.code}
            # A measurement segment holds one score per contestant, whoever of its judges entered it.
            shared = segment.method == Method.MEASUREMENT
            scored = tuple(bib for bib, card in cards.items()
                           if card and any(shared or score.judge_id == judge.id for score in card.counting))
            # A flag asks the judges who scored the bib to look again; a stand-in who has not scored it yet has
            # nothing to review there.
            flagged = tuple(bib for bib in scored if cards[bib].needs_review)
            rows.append(JudgeProgress(judge.id, segment.code, tuple(cards), scored, flagged,
                                      self.signoffs.get((judge.id, segment.code))))
        return rows

    def bib_map(self) -> dict[int, str]:
        """bib -> employee_no, for the organizer."""
        return {c.bib: c.employee_no for c in self.contestants.values() if c.bib is not None}

    def is_blind_for(self, judge: Judge | None) -> bool:
        """A judge sees only their own scores until scoring is closed; the organizer (None) sees all."""
        return judge is not None and self.status == Status.RUNNING

    def visible_scores(self, judge: Judge | None, segment_code: str | None = None) -> list[Score]:
        """All scores for the organizer (judge None); a judge sees only their own until scoring is closed."""
        blind = self.is_blind_for(judge)
        return [
            score
            for (code, _), card in self.cards.items()
            if segment_code is None or code == segment_code
            for score in card.scores
            if not blind or score.judge_id == judge.id
        ]

    # --- internals ---

    def _score_rows(self) -> list[ScoreRow]:
        return [
            ScoreRow(score.employee_no, score.segment, score.value)
            for card in self.cards.values()
            for score in card.counting
        ]

    def _competing(self) -> list[Contestant]:
        return [c for c in self.contestants.values() if c.competing]

    def _advance(self, target: Status) -> None:
        self._require_next(target)
        self.status = target

    def _require_next(self, target: Status) -> None:
        if _NEXT.get(self.status) != target:
            raise Conflict(
                "invalid_transition",
                f"A contest cannot go from {self.status} to {target}.",
                # Not `status`: a problem body's `status` is the HTTP status.
                current=str(self.status),
                target=str(target),
            )

    def _require_editable(self) -> None:
        if self.status not in _EDITABLE:
            raise Conflict("contest_locked", "Segments, weights and judges change only in draft or open.")

    def _require_running(self) -> None:
        if self.status != Status.RUNNING:
            raise Conflict("not_running", "Scores are entered only while the contest is running.")

    def _require_not_signed_off(self, judge_id: Any, segment_code: str) -> None:
        if (judge_id, segment_code) in self.signoffs:
            raise Conflict("score_locked", "The judge signed off this segment; the scores are locked.")


def _check_details(name: str, occupation: str, starts_on: date, ends_on: date) -> None:
    errors: dict[str, list[str]] = {}
    if not isinstance(name, str) or not name.strip():
        errors["name"] = [REQUIRED]
    if not isinstance(occupation, str) or not occupation.strip():
        errors["occupation"] = [REQUIRED]
    if ends_on < starts_on:
        errors["ends_on"] = [not_before("starts_on")]
    if errors:
        raise Invalid(errors)


def _required_reason(reason: object) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid({"reason": [Rule("required", "a written reason is required")]})
    return reason.strip()


def _by_bib(contestant: Contestant) -> tuple[int, str]:
    return (contestant.bib if contestant.bib is not None else 0, contestant.employee_no)
