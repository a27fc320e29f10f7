"""Contest settings: segments and weights, tie-break order, award fractions, promotion steps, eligibility.

`parse_settings` builds settings from request-shaped data and refuses broken rules with `Invalid`;
the dataclass constructors trust their arguments (they rebuild settings that were stored earlier).
`ContestSettings.to_dict` gives back the same shape, with decimals as strings, for storage as JSON.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from banzu_common.decimals import HUNDRED, to_decimal
from banzu_common.errors import NotFound
from banzu_common.field_errors import FieldErrors
from banzu_common.rules import Rule
from banzu_common.skill_ladder import skill_ladder



class Method(StrEnum):
    MEASUREMENT = "measurement"  # one objective score per contestant
    JUDGEMENT = "judgement"  # every assigned, non-conflicted judge scores every contestant


class Prize(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"


DEFAULT_SPREAD_SHARE = Decimal("0.2")
WEIGHT_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Segment:
    code: str
    name: str
    weight: Decimal  # percent of the total
    max_score: Decimal
    method: Method
    max_spread: Decimal | None = None

    @property
    def spread_limit(self) -> Decimal:
        if self.max_spread is not None:
            return self.max_spread
        return self.max_score * DEFAULT_SPREAD_SHARE


@dataclass(frozen=True)
class Awards:
    """Cumulative shares of the ranked field that reach each prize, and the lowest total that wins one."""

    first: Decimal = Decimal("0.10")
    second: Decimal = Decimal("0.30")
    third: Decimal = Decimal("0.60")
    min_total: Decimal = Decimal("60")


@dataclass(frozen=True)
class Promotions:
    """Grades climbed per prize, never above `cap`."""

    first: int = 1
    second: int = 1
    third: int = 0
    cap: str = "technician"

    def steps_for(self, prize: Prize) -> int:
        return getattr(self, Prize(prize).value)


@dataclass(frozen=True)
class ContestSettings:
    segments: tuple[Segment, ...]
    tie_break: tuple[str, ...] = ()  # empty: the default order, see `tie_break_order`
    awards: Awards = Awards()
    promotions: Promotions = Promotions()
    min_grade: str | None = None
    required_credentials: tuple[str, ...] = ()

    def segment(self, code: str) -> Segment:
        for segment in self.segments:
            if segment.code == code:
                return segment
        raise NotFound(f"The contest has no segment {code!r}.")

    @property
    def segment_codes(self) -> tuple[str, ...]:
        return tuple(segment.code for segment in self.segments)

    @property
    def tie_break_order(self) -> tuple[str, ...]:
        if self.tie_break:
            return self.tie_break
        return tuple(s.code for s in sorted(self.segments, key=lambda s: (-s.weight, s.code)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": [
                {
                    "code": s.code,
                    "name": s.name,
                    "weight": str(s.weight),
                    "max_score": str(s.max_score),
                    "method": s.method.value,
                    "max_spread": None if s.max_spread is None else str(s.max_spread),
                }
                for s in self.segments
            ],
            "tie_break": list(self.tie_break),
            "awards": {
                "first": str(self.awards.first),
                "second": str(self.awards.second),
                "third": str(self.awards.third),
                "min_total": str(self.awards.min_total),
            },
            "promotions": {
                "first": self.promotions.first,
                "second": self.promotions.second,
                "third": self.promotions.third,
                "cap": self.promotions.cap,
            },
            "min_grade": self.min_grade,
            "required_credentials": list(self.required_credentials),
        }


Fail = Callable[[str, str], None]


def parse_settings(data: Mapping[str, Any]) -> ContestSettings:
    """Validated settings from request-shaped data; every broken rule is reported in one `Invalid`."""
    errors = FieldErrors()
    fail = errors.add
    segments = _parse_segments(data.get("segments"), fail)
    codes = {segment.code for segment in segments}
    tie_break = _parse_tie_break(data.get("tie_break") or [], codes, fail)
    awards = _parse_awards(data.get("awards") or {}, fail)
    promotions = _parse_promotions(data.get("promotions") or {}, fail)
    min_grade = data.get("min_grade")
    if min_grade is not None and not skill_ladder().is_grade(min_grade):
        fail("min_grade", _one_of_grades())
    required = _parse_codes(data.get("required_credentials") or [], "required_credentials", fail)
    errors.raise_if_any()
    return ContestSettings(tuple(segments), tuple(tie_break), awards, promotions, min_grade, tuple(required))


def _parse_segments(raw: Any, fail: Fail) -> list[Segment]:
    if not isinstance(raw, list) or not raw:
        fail("segments", Rule("no_segment", "at least one segment is required"))
        return []
    segments: list[Segment] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"segments.{index}"
        if not isinstance(item, Mapping):
            fail(where, Rule("invalid_type", "must be an object", type="object"))
            continue
        segment = _parse_segment(item, where, fail)
        if segment is None:
            continue
        if segment.code in seen:
            fail(f"{where}.code", Rule("duplicate", f"duplicate segment code {segment.code!r}", field="code",
                                       value=segment.code))
        seen.add(segment.code)
        segments.append(segment)
    if len(segments) == len(raw):
        weights = sum((segment.weight for segment in segments), Decimal(0))
        if abs(weights - HUNDRED) > WEIGHT_TOLERANCE:
            fail("segments", Rule("weights_sum", f"weights must add up to 100 (they add up to {weights})",
                                  total=weights))
    return segments


def _parse_segment(item: Mapping[str, Any], where: str, fail: Fail) -> Segment | None:
    code, name = item.get("code"), item.get("name")
    ok = True
    if not _is_text(code):
        fail(f"{where}.code", "is required")
        ok = False
    if not _is_text(name):
        fail(f"{where}.name", "is required")
        ok = False
    weight = _parse_number(item.get("weight"), f"{where}.weight", fail)
    if weight is not None and not Decimal(0) < weight <= HUNDRED:
        fail(f"{where}.weight", Rule("out_of_range", "must be more than 0 and at most 100", min=0, max=100,
                                      min_inclusive=False))
        ok = False
    max_score = _parse_number(item.get("max_score"), f"{where}.max_score", fail)
    if max_score is not None and max_score <= 0:
        fail(f"{where}.max_score", Rule("out_of_range", "must be more than 0", min=0, min_inclusive=False))
        ok = False
    method = item.get("method")
    if method not in tuple(Method):
        fail(f"{where}.method", Rule("one_of", "must be 'measurement' or 'judgement'",
                                      choices=["measurement", "judgement"]))
        ok = False
    max_spread = None
    if item.get("max_spread") is not None:
        max_spread = _parse_number(item.get("max_spread"), f"{where}.max_spread", fail)
        if max_spread is None:
            ok = False
        elif max_spread < 0:
            fail(f"{where}.max_spread", Rule("out_of_range", "must not be negative", min=0))
            ok = False
    if not ok or weight is None or max_score is None:
        return None
    return Segment(code.strip(), name.strip(), weight, max_score, Method(method), max_spread)


def _parse_tie_break(raw: Any, codes: set[str], fail: Fail) -> list[str]:
    tie_break = _parse_codes(raw, "tie_break", fail)
    for code in tie_break:
        if code not in codes:
            fail("tie_break", f"unknown segment {code!r}")
    return tie_break


def _parse_awards(raw: Any, fail: Fail) -> Awards:
    if not isinstance(raw, Mapping):
        fail("awards", Rule("invalid_type", "must be an object", type="object"))
        return Awards()
    defaults = Awards()
    values = {}
    ok = True
    for key, highest in (("first", 1), ("second", 1), ("third", 1), ("min_total", HUNDRED)):
        given = raw.get(key)
        number = getattr(defaults, key) if given is None else _parse_number(given, f"awards.{key}", fail)
        if number is not None and not 0 <= number <= highest:
            fail(f"awards.{key}", Rule("out_of_range", f"must be between 0 and {highest}", min=0, max=highest))
        ok = ok and number is not None and 0 <= number <= highest
        values[key] = number
    if not ok:
        return defaults
    if not values["first"] <= values["second"] <= values["third"]:
        fail("awards", Rule("awards_cumulative", "shares are cumulative: first ≤ second ≤ third"))
    return Awards(**values)


def _parse_promotions(raw: Any, fail: Fail) -> Promotions:
    if not isinstance(raw, Mapping):
        fail("promotions", Rule("invalid_type", "must be an object", type="object"))
        return Promotions()
    defaults = Promotions()
    values: dict[str, Any] = {}
    for key in ("first", "second", "third"):
        steps = raw.get(key, getattr(defaults, key))
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            fail(f"promotions.{key}", Rule("grade_steps", "must be a whole number of grades, 0 or more", min=0))
            steps = 0
        values[key] = steps
    cap = raw.get("cap", defaults.cap)
    if not skill_ladder().is_grade(cap):
        fail("promotions.cap", _one_of_grades())
        cap = defaults.cap
    return Promotions(cap=cap, **values)


def _parse_codes(raw: Any, field: str, fail: Fail) -> list[str]:
    """A list of distinct non-empty codes, in the given order."""
    if not isinstance(raw, list) or not all(_is_text(code) for code in raw):
        fail(field, Rule("invalid_type", "must be a list of codes", type="list"))
        return []
    codes = [code.strip() for code in raw]
    if len(set(codes)) != len(codes):
        fail(field, Rule("repeated", "must not repeat a code"))
    return list(dict.fromkeys(codes))


def _parse_number(raw: Any, field: str, fail: Fail) -> Decimal | None:
    number = to_decimal(raw)
    if number is None:
        fail(field, Rule("invalid_type", "must be a number", type="number"))
    return number


def _one_of_grades() -> Rule:
    codes = list(skill_ladder().codes)
    return Rule("one_of", f"must be one of {', '.join(codes)}", choices=codes)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
