"""Annual team training plans."""
from __future__ import annotations


from sqlalchemy import delete, insert, select, update


from banzu_training.adapters.repositories.base import Repository, valid_id
from banzu_training.adapters.tables import plan_items, plans
from banzu_training.domain import PlanItem, TrainingPlan


class PlanRepository(Repository):
    def add(self, plan: TrainingPlan) -> int:
        plan_id = self.session.execute(insert(plans).values(
            team_code=plan.team_code, year=plan.year, target_hours_per_person=plan.target_hours_per_person)
            .returning(plans.c.id)).scalar_one()
        self._add_items(plan_id, plan)
        return plan_id

    def save(self, plan_id: int, plan: TrainingPlan) -> None:
        """A stored plan's target and its planned deliveries, replaced as a whole."""
        self.session.execute(update(plans).where(plans.c.id == plan_id)
                             .values(target_hours_per_person=plan.target_hours_per_person))
        self.session.execute(delete(plan_items).where(plan_items.c.plan_id == plan_id))
        self._add_items(plan_id, plan)

    def _add_items(self, plan_id: int, plan: TrainingPlan) -> None:
        if plan.items:
            self.session.execute(insert(plan_items), [
                {"plan_id": plan_id, "course_code": item.course_code, "month": item.month} for item in plan.items])

    def get(self, plan_id: int, for_update: bool = False) -> TrainingPlan | None:
        if not valid_id(plan_id):
            return None
        query = select(plans).where(plans.c.id == plan_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            return None
        return self._load([row])[plan_id]

    def page(self, team_code: str | None, year: int | None, page: int,
             per_page: int) -> tuple[dict[int, TrainingPlan], int]:
        query = select(plans)
        if team_code:
            query = query.where(plans.c.team_code == team_code)
        if year:
            query = query.where(plans.c.year == year)
        rows, total = self._page(query, [plans.c.year.desc(), plans.c.team_code, plans.c.id], page, per_page)
        return self._load(rows), total

    def latest_for(self, team_code: str, year: int) -> tuple[int, TrainingPlan] | None:
        """The team's plan for the year; the newest when several were made."""
        row = self.session.execute(select(plans).where(plans.c.team_code == team_code, plans.c.year == year)
                                   .order_by(plans.c.id.desc()).limit(1)).first()
        return None if row is None else (row.id, self._load([row])[row.id])

    def _load(self, rows) -> dict[int, TrainingPlan]:
        items: dict[int, list[PlanItem]] = {r.id: [] for r in rows}
        for i in self.session.execute(select(plan_items).where(plan_items.c.plan_id.in_(list(items)))
                                      .order_by(plan_items.c.id)):
            items[i.plan_id].append(PlanItem(i.course_code, i.month))
        return {r.id: TrainingPlan(team_code=r.team_code, year=r.year,
                                   target_hours_per_person=r.target_hours_per_person, items=items[r.id])
                for r in rows}
