"""Mentorships (师带徒) and their evaluations."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, insert, or_, select, update


from banzu_training.adapters.repositories.base import Repository, valid_id
from banzu_training.adapters.tables import mentorship_evaluations, mentorships
from banzu_training.domain import Evaluation, Mentorship, MentorshipStatus


class MentorshipRepository(Repository):
    def add(self, mentorship: Mentorship) -> int:
        return self.session.execute(insert(mentorships).values(**_mentorship_values(mentorship))
                                    .returning(mentorships.c.id)).scalar_one()

    def get(self, mentorship_id: int, for_update: bool = False) -> Mentorship | None:
        if not valid_id(mentorship_id):
            return None
        query = select(mentorships).where(mentorships.c.id == mentorship_id)
        found = self._load(query.with_for_update() if for_update else query)
        return found[mentorship_id] if found else None

    def of_apprentice(self, employee_no: str) -> dict[int, Mentorship]:
        return self._load(select(mentorships).where(mentorships.c.apprentice == employee_no)
                          .order_by(mentorships.c.id).with_for_update())

    def active_ended_before(self, today: date) -> dict[int, Mentorship]:
        return self._load(select(mentorships).where(mentorships.c.status == MentorshipStatus.active.value,
                                                    mentorships.c.ends_on < today)
                          .order_by(mentorships.c.id).with_for_update())

    def page(self, status: str | None, employee_no: str | None, today: date, page: int,
             per_page: int) -> tuple[dict[int, Mentorship], int]:
        """Filtered by the status as of `today` (an active one past its end counts as lapsed) and
        by a worker taking part as mentor or apprentice; the newest first."""
        query = select(mentorships)
        ended = mentorships.c.ends_on < today
        stored = mentorships.c.status
        if status == MentorshipStatus.active.value:
            query = query.where(stored == status, ~ended)
        elif status == MentorshipStatus.lapsed.value:
            query = query.where(or_(stored == status, and_(stored == MentorshipStatus.active.value, ended)))
        elif status:
            query = query.where(stored == status)
        if employee_no:
            query = query.where(or_(mentorships.c.mentor == employee_no, mentorships.c.apprentice == employee_no))
        rows, total = self._page(query, [mentorships.c.starts_on.desc(), mentorships.c.id.desc()], page, per_page)
        found = self._load(select(mentorships).where(mentorships.c.id.in_([r.id for r in rows])))
        return {r.id: found[r.id] for r in rows}, total

    def save(self, mentorship_id: int, mentorship: Mentorship) -> None:
        self.session.execute(update(mentorships).where(mentorships.c.id == mentorship_id)
                             .values(status=mentorship.status.value, achieved_on=mentorship.achieved_on))

    def add_evaluation(self, mentorship_id: int, evaluation: Evaluation) -> None:
        self.session.execute(insert(mentorship_evaluations).values(
            mentorship_id=mentorship_id, on=evaluation.on, rating=evaluation.rating, note=evaluation.note))

    def _load(self, query: Select) -> dict[int, Mentorship]:
        rows = self.session.execute(query).all()
        evaluations: dict[int, list[Evaluation]] = {r.id: [] for r in rows}
        for e in self.session.execute(select(mentorship_evaluations)
                                      .where(mentorship_evaluations.c.mentorship_id.in_(list(evaluations)))
                                      .order_by(mentorship_evaluations.c.on, mentorship_evaluations.c.id)):
            evaluations[e.mentorship_id].append(Evaluation(on=e.on, rating=e.rating, note=e.note))
        return {r.id: Mentorship(mentor=r.mentor, apprentice=r.apprentice, occupation=r.occupation,
                                 goal_grade=r.goal_grade, starts_on=r.starts_on, ends_on=r.ends_on,
                                 status=MentorshipStatus(r.status), achieved_on=r.achieved_on,
                                 evaluations=evaluations[r.id])
                for r in rows}


def _mentorship_values(m: Mentorship) -> dict:
    return dict(mentor=m.mentor, apprentice=m.apprentice, occupation=m.occupation, goal_grade=m.goal_grade.code,
                starts_on=m.starts_on, ends_on=m.ends_on, status=m.status.value, achieved_on=m.achieved_on)
