"""Pure scoring rules: aggregation, spread, totals, ranking, prizes and promotions.

`compute_results` takes plain tuples so that a service can feed tens of thousands of score rows
straight from a query without building objects. Everything is exact `Decimal` arithmetic; only the
presented values (two decimals, half up) are rounded, and ranking compares presented values.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import NamedTuple

from banzu_common.decimals import HUNDRED, present
from banzu_common.skill_ladder import skill_ladder

from .settings import Awards, ContestSettings, Prize, Promotions

TRIM_FROM = 5  # with this many scores or more, one highest and one lowest are dropped
PRECISION = 40  # digits for the non-terminating means (x/3); far beyond what presenting can see


class ContestantRow(NamedTuple):
    employee_no: str
    team_code: str
    grade: str
    bib: int | None


class ScoreRow(NamedTuple):
    employee_no: str
    segment: str
    value: Decimal


class Promotion(NamedTuple):
    from_grade: str
    to_grade: str


@dataclass(frozen=True)
class ResultRow:
    rank: int
    employee_no: str
    team_code: str
    bib: int | None
    grade: str
    total: Decimal  # presented, 0–100
    segments: dict[str, Decimal]  # presented percentage (0–100) by segment code
    prize: Prize | None
    promotion: Promotion | None
    promotion_withheld: str | None = None  # AT_CAP: the prize promotes, but the winner is at the cap already


def aggregate(values: Sequence[Decimal]) -> Decimal:
    """One contestant's segment score: the trimmed mean from TRIM_FROM scores up, else the mean."""
    count = len(values)
    if count >= TRIM_FROM:
        return (sum(values) - max(values) - min(values)) / (count - 2)
    return sum(values) / count


def spread(values: Sequence[Decimal]) -> Decimal:
    return max(values) - min(values) if values else Decimal(0)


def exceeds_spread(values: Sequence[Decimal], limit: Decimal) -> bool:
    return spread(values) > limit


def segment_percentage(aggregate_score: Decimal, max_score: Decimal) -> Decimal:
    """The aggregate as a share of the segment's maximum, 0–1 (presented as 0–100)."""
    return aggregate_score / max_score


def weighted_total(weights_and_percentages: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ weight × percentage: 0–100 when the weights add up to 100."""
    return sum((weight * share for weight, share in weights_and_percentages), Decimal(0))


def competition_ranks(keys: Sequence[object]) -> list[int]:
    """Ranks for keys sorted best first: equal keys share a rank and the next rank skips (1, 2, 2, 4)."""
    ranks: list[int] = []
    for position, key in enumerate(keys):
        ranks.append(ranks[-1] if position and key == keys[position - 1] else position + 1)
    return ranks


def prize_limits(ranked: int, awards: Awards) -> tuple[int, int, int]:
    """The last rank reaching first, second and third prize among `ranked` contestants with a result."""
    return (
        max(1, math.ceil(awards.first * ranked)),
        math.ceil(awards.second * ranked),
        math.ceil(awards.third * ranked),
    )


def prize_for(rank: int, total: Decimal, limits: tuple[int, int, int], min_total: Decimal) -> Prize | None:
    """Ties share a rank, so they share the better prize; a presented total under min_total wins none."""
    if total < min_total:
        return None
    first, second, third = limits
    if rank <= first:
        return Prize.FIRST
    if rank <= second:
        return Prize.SECOND
    if rank <= third:
        return Prize.THIRD
    return None


AT_CAP = "at_cap"


def withheld_promotion(grade: str, prize: Prize | None, promotion: Promotion | None,
                       promotions: Promotions) -> str | None:
    """Why a prize that promotes did not: the winner is at or above the cap already."""
    if prize is None or promotion is not None or not promotions.steps_for(prize):
        return None
    return AT_CAP if skill_ladder().is_grade(grade) else None


def promotion_for(grade: str, prize: Prize | None, promotions: Promotions) -> Promotion | None:
    if prize is None or not skill_ladder().is_grade(grade):
        return None
    to_grade = skill_ladder().climb(grade, promotions.steps_for(prize), promotions.cap)
    return Promotion(grade, to_grade) if to_grade != grade else None


def compute_results(
    settings: ContestSettings,
    contestants: Iterable[tuple[str, str, str, int | None]],
    scores: Iterable[tuple[str, str, Decimal]],
) -> list[ResultRow]:
    """Ranked results, best first.

    contestants: (employee_no, team_code, grade, bib) rows, e.g. `ContestantRow`.
    scores: (employee_no, segment_code, value) rows, e.g. `ScoreRow`; every row counts.
    Only contestants with at least one score in every segment have a result; N counts only them.
    """
    segments = [(s.code, s.weight, s.max_score) for s in settings.segments]
    codes = [code for code, _, _ in segments]
    weights = [weight for _, weight, _ in segments]
    tie_positions = [codes.index(code) for code in settings.tie_break_order]

    cells: defaultdict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for employee_no, code, value in scores:
        cells[employee_no, code].append(value)

    scored = []
    with localcontext() as context:
        context.prec = PRECISION
        for contestant in contestants:
            employee_no = contestant[0]
            shares = []
            for code, _, max_score in segments:
                values = cells.get((employee_no, code))
                if not values:
                    break
                shares.append(segment_percentage(aggregate(values), max_score))
            else:
                shown_total = present(weighted_total(zip(weights, shares)))
                percents = [present(share * HUNDRED) for share in shares]
                key = (shown_total, tuple(percents[i] for i in tie_positions))
                scored.append((key, contestant, shown_total, percents))

    # Stable sorts: fully tied contestants stay in employee-number order.
    scored.sort(key=lambda entry: entry[1][0])
    scored.sort(key=lambda entry: entry[0], reverse=True)
    ranks = competition_ranks([entry[0] for entry in scored])
    limits = prize_limits(len(scored), settings.awards)
    min_total = settings.awards.min_total

    results = []
    for rank, (_, (employee_no, team_code, grade, bib), total, percents) in zip(ranks, scored):
        prize = prize_for(rank, total, limits, min_total)
        promotion = promotion_for(grade, prize, settings.promotions)
        results.append(
            ResultRow(
                rank=rank,
                employee_no=employee_no,
                team_code=team_code,
                bib=bib,
                grade=grade,
                total=total,
                segments=dict(zip(codes, percents)),
                prize=prize,
                promotion=promotion,
                promotion_withheld=withheld_promotion(grade, prize, promotion, settings.promotions),
            )
        )
    return results
