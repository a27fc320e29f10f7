"""Set-based reads behind the training summary: hours per worker, attended sessions per (course,
month), plans and the mentorships that may have ended, each in one statement whatever the number of
workers and teams."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session as DbSession

from banzu_training.adapters.tables import attendance_records, mentorships, plan_items, plans, sessions
from banzu_training.domain import Mentorship, MentorshipStatus, PlanItem


def hours_by_worker(session: DbSession, first_day: date, last_day: date,
                    employee_nos: Collection[str] | None) -> dict[str, Decimal]:
    """Hours credited for attendance between the two days (both included), per worker present at
    least once; `hours_in_year` is the same sum for one worker."""
    query = (select(attendance_records.c.employee_no, func.sum(attendance_records.c.hours))
             .where(attendance_records.c.present, attendance_records.c.on.between(first_day, last_day))
             .group_by(attendance_records.c.employee_no))
    if employee_nos is not None:
        query = query.where(attendance_records.c.employee_no.in_(list(employee_nos)))
    return {employee_no: Decimal(hours) for employee_no, hours in session.execute(query).all()}


def sessions_held(session: DbSession, first_day: date, last_day: date) -> dict[tuple[str, int], int]:
    """How many sessions of each (course, month) started between the two days with someone present."""
    attended = (select(attendance_records.c.session_id).where(attendance_records.c.present)
                .group_by(attendance_records.c.session_id).subquery())
    month = extract("month", sessions.c.starts_on)
    rows = session.execute(
        select(sessions.c.course_code, month, func.count())
        .join(attended, attended.c.session_id == sessions.c.id)
        .where(sessions.c.starts_on.between(first_day, last_day))
        .group_by(sessions.c.course_code, month))
    return {(course_code, int(month_number)): count for course_code, month_number, count in rows}


def latest_plans(session: DbSession, year: int, team_codes: Collection[str] | None
                 ) -> dict[str, tuple[int, Decimal, list[PlanItem]]]:
    """Each team's plan for `year`: its id, target hours per person and items; of several plans of
    one team, the latest made."""
    latest = select(func.max(plans.c.id)).where(plans.c.year == year).group_by(plans.c.team_code)
    if team_codes is not None:
        latest = latest.where(plans.c.team_code.in_(list(team_codes)))
    chosen = {row.id: (row.team_code, Decimal(row.target_hours_per_person)) for row in session.execute(
        select(plans.c.id, plans.c.team_code, plans.c.target_hours_per_person)
        .where(plans.c.id.in_(latest.scalar_subquery())))}
    items: dict[int, list[PlanItem]] = {plan_id: [] for plan_id in chosen}
    if chosen:
        for row in session.execute(select(plan_items.c.plan_id, plan_items.c.course_code, plan_items.c.month)
                                   .where(plan_items.c.plan_id.in_(latest.scalar_subquery()))
                                   .order_by(plan_items.c.id)):
            items[row.plan_id].append(PlanItem(row.course_code, row.month))
    return {team_code: (plan_id, target, items[plan_id]) for plan_id, (team_code, target) in chosen.items()}


def mentorships_ending_between(session: DbSession, first_day: date, last_day: date,
                               employee_nos: Collection[str] | None) -> list[Mentorship]:
    """Mentorships achieved or with a period ending between the two days: those that may have
    ended then (`Mentorship.ending_as_of` decides), without their evaluations."""
    query = select(mentorships).where(or_(mentorships.c.achieved_on.between(first_day, last_day),
                                          mentorships.c.ends_on.between(first_day, last_day)))
    if employee_nos is not None:
        query = query.where(mentorships.c.apprentice.in_(list(employee_nos)))
    return [Mentorship(mentor=r.mentor, apprentice=r.apprentice, occupation=r.occupation, goal_grade=r.goal_grade,
                       starts_on=r.starts_on, ends_on=r.ends_on, status=MentorshipStatus(r.status),
                       achieved_on=r.achieved_on)
            for r in session.execute(query).all()]
