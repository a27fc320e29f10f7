from datetime import date
from decimal import Decimal

import pytest
from banzu_common.errors import Invalid

from banzu_training.domain import Delivery, PlanItem, TrainingPlan, plan_progress


def plan(**overrides) -> TrainingPlan:
    fields = dict(team_code="T-WELD-1", year=2026,
                  items=[PlanItem("WELD-101", 3), PlanItem("SAFE-01", 3), PlanItem("WELD-201", 6)])
    return TrainingPlan(**{**fields, **overrides})


def test_the_default_target_is_80_hours_per_person():
    assert plan().target_hours_per_person == Decimal(80)


@pytest.mark.parametrize("overrides, field", [
    (dict(team_code=""), "team_code"),
    (dict(year="2026"), "year"),
    (dict(year=1999), "year"),
    (dict(target_hours_per_person=0), "target_hours_per_person"),
    (dict(items=[PlanItem("WELD-101", 13)]), "items[0].month"),
    (dict(items=[PlanItem("WELD-101", 1), PlanItem("", 2)]), "items[1].course_code"),
])
def test_invalid_plans_name_the_field(overrides, field):
    with pytest.raises(Invalid) as refused:
        plan(**overrides)
    assert field in refused.value.errors


def test_progress():
    hours = {"E1": Decimal(80), "E2": Decimal("90.5"), "E3": Decimal(11)}
    deliveries = [
        Delivery("WELD-101", date(2026, 3, 12), present_count=5),  # held
        Delivery("SAFE-01", date(2026, 3, 20), present_count=0),   # nobody came: not held
        Delivery("WELD-201", date(2026, 7, 1), present_count=4),   # wrong month
        Delivery("WELD-101", date(2025, 3, 12), present_count=5),  # wrong year
    ]
    progress = plan_progress(plan(), hours, deliveries)
    assert progress.hours_per_person == Decimal("60.5")
    assert (progress.workers, progress.workers_on_target) == (3, 2)
    assert (progress.planned, progress.held) == (3, 1)
    assert progress.present() == {
        "workers": 3, "hours_per_person": Decimal("60.50"), "workers_on_target": 2,
        "share_on_target": Decimal("66.67"), "planned": 3, "held": 1, "share_held": Decimal("33.33")}


def test_a_course_planned_twice_in_a_month_needs_two_sessions():
    twice = plan(items=[PlanItem("WELD-101", 3), PlanItem("WELD-101", 3)])
    one = [Delivery("WELD-101", date(2026, 3, 2), 3)]
    assert plan_progress(twice, {}, one).held == 1
    assert plan_progress(twice, {}, one * 3).held == 2


def test_an_empty_team_and_an_empty_plan_share_nothing():
    progress = plan_progress(plan(items=[]), {}, [])
    assert progress.present()["share_on_target"] == Decimal("0.00")
    assert progress.present()["share_held"] == Decimal("0.00")
    assert progress.hours_per_person == 0
