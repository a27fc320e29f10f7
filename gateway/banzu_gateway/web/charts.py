"""A team's running score over a period as SVG geometry, drawn on the server (no script, no library)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40  # room for the axis labels
Y_TICKS = (0, 25, 50, 75, 100)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Guide:
    y: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    score: Decimal
    on: str


@dataclass(frozen=True)
class LedgerChart:
    width: int
    height: int
    line: str  # SVG polyline points: a step line, flat between entries
    dots: tuple[Dot, ...]
    y_ticks: tuple[Guide, ...]
    rating_lines: tuple[Guide, ...]
    x_labels: tuple[tuple[float, str], ...]
    plot: tuple[float, float, float, float]  # left, top, right, bottom


def ledger_chart(start: date, end: date, ledger: list[dict], scale: dict, lang: str) -> LedgerChart:
    """The score after each entry of a team score's `ledger` (as the API answers it), kept within the
    bounds of its `scale` as the team score is, from the base on the period's first day to its last."""
    days = max((end - start).days, 1)
    low, high = Decimal(scale["min"]), Decimal(scale["max"])
    span = high - low or Decimal(1)

    def x(day) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / days, 1)

    def y(value: Decimal) -> float:
        return round(HEIGHT - BOTTOM - float((value - low) / span) * (HEIGHT - TOP - BOTTOM), 1)

    def clamp(value: Decimal) -> Decimal:
        return min(max(value, low), high)

    running = Decimal(scale["base"])
    points = [(x(start), y(running))]
    dots = []
    for entry in ledger:
        on = date.fromisoformat(entry["on"])
        points.append((x(on), y(running)))
        running += Decimal(entry["points"])
        shown = clamp(running)
        points.append((x(on), y(shown)))
        dots.append(Dot(x(on), y(shown), shown, entry["on"]))
    points.append((x(end), y(clamp(running))))
    ratings = tuple(Guide(y(Decimal(r["at_least"])), r["label"]) for r in scale["ratings"]
                    if low < Decimal(r["at_least"]) < high)
    ticks = tuple(Guide(y(Decimal(v)), str(v)) for v in Y_TICKS if low <= v <= high)
    labels = tuple((x(day), month_label(day.month, lang)) for day in month_starts(start, end, days))
    return LedgerChart(WIDTH, HEIGHT, " ".join(f"{px},{py}" for px, py in points), tuple(dots), ticks, ratings,
                       labels, (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM))


def month_starts(start: date, end: date, days: int) -> list[date]:
    """The first days of months in the period: every quarter's over a year, every month's over less."""
    step = 3 if days > 100 else 1
    starts, year, month = [], start.year, start.month
    while date(year, month, 1) <= end:
        starts.append(date(year, month, 1))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return starts


def month_label(month: int, lang: str) -> str:
    return f"{month}月" if lang == "zh" else MONTHS_EN[month - 1]
