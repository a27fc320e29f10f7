"""The plan chart's geometry: a round axis end, bars to scale, the target and average lines where
their values fall, and labels that stay inside the picture."""
from __future__ import annotations

from decimal import Decimal

from banzu_gateway.web.plan_chart import LEFT, RIGHT, WIDTH, hours_bar, hours_chart, nice_top


def member(no: str, hours: str, on_target: bool) -> dict:
    return {"employee_no": no, "name": None, "hours": hours, "on_target": on_target}


def test_the_axis_ends_on_a_round_number_at_or_above_every_value():
    assert [nice_top(Decimal(v)) for v in ("90", "80", "100", "101", "7", "0", "1234")] == \
        [100, 100, 100, 125, 10, 5, 1250]


def test_bars_lines_and_ticks_are_to_scale():
    chart = hours_chart([member("E1", "10.00", False), member("E2", "40.00", False), member("E3", "90.00", True)],
                        "80.00", "46.67")
    span = WIDTH - LEFT - RIGHT
    assert [bar.width for bar in chart.bars] == [round(span * 0.1, 1), round(span * 0.4, 1), round(span * 0.9, 1)]
    assert [bar.label for bar in chart.bars] == ["E1", "E2", "E3"] and [b.on_target for b in chart.bars] == \
        [False, False, True]
    assert chart.target.x == round(LEFT + span * 0.8, 1) and chart.target.value == "80.00"
    assert chart.average.x == round(LEFT + span * 0.4667, 1) and chart.average.value == "46.67"
    assert [tick.value for tick in chart.ticks] == ["0", "20", "40", "60", "80", "100"]
    assert chart.bars[1].y - chart.bars[0].y == chart.bars[2].y - chart.bars[1].y > chart.bar_height


def test_a_label_at_the_end_of_the_axis_hangs_inwards():
    chart = hours_chart([member("E1", "0.00", False)], "100.00", "0.00")
    assert (chart.target.anchor, chart.average.anchor) == ("end", "start")
    assert hours_chart([], "80.00", "0.00").bars == ()


def test_a_worker_s_bar_marks_the_target():
    bar = hours_bar("40.00", "80.00")
    assert (bar.fill, bar.target_x) == (bar.width / 2, bar.width)
    assert hours_bar("120.00", "80.00").fill == hours_bar("120.00", "80.00").width
    assert hours_bar("3.00", None).target_x is None and hours_bar("0.00", None).fill == 0
