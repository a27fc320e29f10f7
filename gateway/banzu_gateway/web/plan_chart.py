"""A team plan's hours per person against the target as SVG geometry, drawn on the server like the
team score chart (no script, no library): one bar per member, the target and the average as lines."""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 480
LEFT, RIGHT, TOP, BOTTOM = 112, 56, 56, 40  # room for names, the line labels and the axis
ROW, BAR = 34, 22
TICKS = 5


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    hours: str
    on_target: bool


@dataclass(frozen=True)
class Line:
    x: float
    value: str

    @property
    def anchor(self) -> str:
        """Where its label hangs, so a label near either end stays inside the picture."""
        if self.x > WIDTH - RIGHT - 60:
            return "end"
        return "start" if self.x < LEFT + 60 else "middle"


@dataclass(frozen=True)
class HoursChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    bar_height: int
    target: Line
    average: Line
    ticks: tuple[Line, ...]
    plot: tuple[float, float, float, float]  # left, top, right, bottom


def nice_top(value: Decimal) -> int:
    """The axis end: a round number at or above `value`, so the ticks read well."""
    if value <= 0:
        return TICKS
    step = Decimal(10) ** int(math.floor(math.log10(float(value) / TICKS)))
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if step * factor * TICKS >= value:
            return int(step * factor * TICKS)
    return int(step * 10 * TICKS)


def hours_chart(members: list[dict], target: str, average: str) -> HoursChart:
    """`members` as the plan progress answers them ({employee_no, name, hours, on_target})."""
    goal, mean = Decimal(target), Decimal(average)
    top = nice_top(max([goal, mean] + [Decimal(m["hours"]) for m in members]))
    height = TOP + ROW * max(len(members), 1) + BOTTOM
    span = WIDTH - LEFT - RIGHT

    def x(value: Decimal) -> float:
        return round(LEFT + span * float(value / top), 1)

    bars = tuple(Bar(y=TOP + ROW * i + (ROW - BAR) / 2, width=round(x(Decimal(m["hours"])) - LEFT, 1),
                     label=m.get("name") or m["employee_no"], hours=m["hours"], on_target=m["on_target"])
                 for i, m in enumerate(members))
    ticks = tuple(Line(x(Decimal(top) * i / TICKS), str(top * i // TICKS)) for i in range(TICKS + 1))
    return HoursChart(WIDTH, height, bars, BAR, Line(x(goal), target), Line(x(mean), average), ticks,
                      (LEFT, TOP, WIDTH - RIGHT, height - BOTTOM))


@dataclass(frozen=True)
class HoursBar:
    width: int
    height: int
    fill: float
    target_x: float | None


BAR_WIDTH, BAR_HEIGHT = 320, 28


def hours_bar(hours: str, target: str | None) -> HoursBar:
    """One worker's hours this year as a bar, with the target marked when there is one."""
    done = Decimal(hours)
    goal = Decimal(target) if target is not None else None
    top = max(done, goal or Decimal(0)) or Decimal(1)
    return HoursBar(BAR_WIDTH, BAR_HEIGHT, round(BAR_WIDTH * float(done / top), 1),
                    None if goal is None else round(BAR_WIDTH * float(goal / top), 1))
