"""Read models for the lists of the API: plain rows, paged in the database."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from banzu_competition.adapters.repository import contest_from_row
from banzu_competition.adapters.tables import (assignments, contestants, contests, results, score_changes, scores,
                                               spread_flags)
from banzu_competition.domain import Contest


def _page(session: Session, query, order, page: int, per_page: int) -> tuple[list[dict], int]:
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(*order).offset((page - 1) * per_page).limit(per_page))
    return [dict(row._mapping) for row in rows], total


def contests_page(session: Session, page: int, per_page: int, statuses: list[str] | None = None,
                  judge_id: str | None = None) -> tuple[list[Contest], int]:
    """Contests, latest first: in the given states only, or those `judge_id` is assigned to, when given."""
    query = select(contests)
    if statuses:
        query = query.where(contests.c.status.in_(statuses))
    if judge_id is not None:
        query = query.where(contests.c.id.in_(select(assignments.c.contest_id)
                                              .where(assignments.c.judge_id == judge_id)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(contests.c.starts_on.desc(), contests.c.name, contests.c.id)
                           .offset((page - 1) * per_page).limit(per_page))
    return [contest_from_row(row) for row in rows], total


def contestants_page(session: Session, contest_id: str, page: int, per_page: int) -> tuple[list[dict], int]:
    query = select(contestants.c.employee_no, contestants.c.name, contestants.c.team_code, contestants.c.bib,
                   contestants.c.status, contestants.c.status_reason.label("reason")) \
        .where(contestants.c.contest_id == contest_id)
    return _page(session, query, (contestants.c.employee_no,), page, per_page)


def scores_page(session: Session, contest_id: str, segment: str | None, only_judge: str | None, page: int,
                per_page: int) -> tuple[list[dict], int]:
    """Scores with their spread flag status; only one judge's when `only_judge` is given."""
    query = (
        select(scores.c.segment, scores.c.bib, scores.c.employee_no, scores.c.judge_id, scores.c.value,
               scores.c.entered_by, scores.c.entered_at, scores.c.withdrawn, spread_flags.c.status.label("flag"))
        .outerjoin(spread_flags, (spread_flags.c.contest_id == scores.c.contest_id)
                   & (spread_flags.c.segment == scores.c.segment)
                   & (spread_flags.c.employee_no == scores.c.employee_no))
        .where(scores.c.contest_id == contest_id)
    )
    if segment is not None:
        query = query.where(scores.c.segment == segment)
    if only_judge is not None:
        query = query.where(scores.c.judge_id == only_judge)
    return _page(session, query, (scores.c.segment, scores.c.bib, scores.c.id), page, per_page)


def audit_page(session: Session, contest_id: str, page: int, per_page: int) -> tuple[list[dict], int]:
    """The score change log; `withdrawn` marks the changes of a judge later withdrawn from that segment."""
    withdrawn = (assignments.c.contest_id == score_changes.c.contest_id) \
        & (assignments.c.judge_id == score_changes.c.judge_id) & (assignments.c.segment == score_changes.c.segment) \
        & assignments.c.withdrawn_at.is_not(None)
    query = select(score_changes, assignments.c.withdrawn_at.is_not(None).label("withdrawn")) \
        .outerjoin(assignments, withdrawn).where(score_changes.c.contest_id == contest_id)
    return _page(session, query, (score_changes.c.id,), page, per_page)


def results_page(session: Session, contest_id: str, page: int, per_page: int) -> tuple[list[dict], int]:
    """Ranked contestants best first, then the absent ones (no rank) by bib."""
    query = select(results).where(results.c.contest_id == contest_id)
    return _page(session, query, (results.c.rank.is_(None), results.c.rank, results.c.bib, results.c.employee_no),
                 page, per_page)


def worker_results_page(session: Session, employee_no: str, page: int, per_page: int) -> tuple[list[dict], int]:
    """One worker's results in published contests, newest first."""
    query = (select(results.c.contest_id, contests.c.name.label("contest_name"), contests.c.occupation,
                    contests.c.published_on, results.c.rank, results.c.total, results.c.prize,
                    results.c.from_grade, results.c.to_grade)
             .join(contests, contests.c.id == results.c.contest_id)
             .where(results.c.employee_no == employee_no, results.c.status == "ranked"))
    return _page(session, query, (contests.c.published_on.desc(), results.c.contest_id), page, per_page)
