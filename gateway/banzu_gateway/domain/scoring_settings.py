"""Team score settings: base, bounds, points per fact and rating thresholds, and the team
assessment's targets and weights.

The defaults live in `banzu_gateway/scoring.default.toml` (its comments describe the format); a site
file has the same shape and overrides only the keys it names.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property
from importlib import resources
from os import PathLike
from types import MappingProxyType
from typing import Any

from banzu_common.errors import Invalid
from banzu_common.field_errors import FieldErrors

from banzu_common.skill_ladder import skill_ladder

PRIZES = ("first", "second", "third")
# The team assessment's indicators (domain.md "Team assessment"), in the order they are shown.
INDICATORS = ("training_hours", "plan_completion", "promotion_rate", "compliance", "contest_prizes", "mentorship")
_INDICATOR_KEYS = ("target", "weight")
_SCORE_KEYS = ("base", "min", "max", "expiry_penalty")
_RATING_KEYS = ("code", "at_least", "zh", "en")
_TABLES = ("score", "promotion_points", "prize_points")


@dataclass(frozen=True)
class Rating:
    code: str
    at_least: Decimal
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class IndicatorSetting:
    target: Decimal  # in the indicator's unit; above 0
    weight: Decimal

    @cached_property
    def exact_target(self) -> Fraction:
        return Fraction(self.target)

    @cached_property
    def exact_weight(self) -> Fraction:
        return Fraction(self.weight)

    @cached_property
    def points_per_unit(self) -> Fraction:
        """weight ÷ target: the points an actual earns below its target are actual × this."""
        return self.exact_weight / self.exact_target


@dataclass(frozen=True)
class ScoringSettings:
    base: Decimal
    minimum: Decimal
    maximum: Decimal
    expiry_penalty: Decimal
    promotion_points: Mapping[str, Decimal]
    prize_points: Mapping[str, Decimal]
    ratings: tuple[Rating, ...]  # best first
    assessment: Mapping[str, IndicatorSetting]  # by indicator code, in INDICATORS order

    def clamp(self, score: Decimal) -> Decimal:
        return min(max(score, self.minimum), self.maximum)

    def rating_for(self, score: Decimal) -> Rating:
        # Validation guarantees the last rating catches every score within the bounds.
        return next((r for r in self.ratings if score >= r.at_least), self.ratings[-1])


@cache
def default_scoring_settings() -> ScoringSettings:
    return _build(_default_table(), "the default settings")


def load_scoring_settings(path: str | PathLike[str] | None = None) -> ScoringSettings:
    """Settings from a TOML file over the defaults; the defaults alone when `path` is None.

    A missing file raises FileNotFoundError (a wrong path is a setup mistake, not a reason to
    fall back silently); a file that is not TOML or breaks a rule raises Invalid.
    """
    if path is None:
        return default_scoring_settings()
    with open(path, "rb") as file:
        try:
            overrides = tomllib.load(file, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise Invalid({"file": [f"Not valid TOML: {exc}."]}, detail=f"Invalid scoring settings in {path}.") from exc
    return scoring_settings_from_mapping(overrides, source=str(path))


def scoring_settings_from_mapping(overrides: Mapping[str, Any], source: str = "the settings") -> ScoringSettings:
    """Settings from a TOML-shaped mapping over the defaults (numbers as int or Decimal)."""
    return _build(_merged(_default_table(), overrides), source)


def _merged(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key, at any depth; any other value (a list too) replaces the default."""
    merged = dict(defaults)
    for key, value in overrides.items():
        default = merged.get(key)
        merged[key] = _merged(default, value) if isinstance(default, Mapping) and isinstance(value, Mapping) else value
    return merged


@cache
def _default_table() -> Mapping[str, Any]:
    text = resources.files("banzu_gateway").joinpath("scoring.default.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text, parse_float=Decimal)
    # Promotion points default to the skill ladder's, so a longer ladder brings its own.
    table["promotion_points"] = {g.code: g.promotion_points for g in skill_ladder()}
    return MappingProxyType(table)


_MISSING = object()


class _Errors(FieldErrors):
    """Every problem of a settings file, keyed by the setting's dotted path, for one Invalid."""

    def table(self, key: str, value: Any, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        """The table at `key`, after reporting unknown and missing keys."""
        if not isinstance(value, Mapping):
            self.add(key, "Must be a table.")
            return {}
        for name in value:
            if name not in allowed:
                self.add(f"{key}.{name}", f"Unknown setting; expected one of {', '.join(allowed)}.")
        for name in allowed:
            if name not in value:
                self.add(f"{key}.{name}", "Missing.")
        return value

    def number(self, key: str, value: Any, at_least: Decimal | None = None) -> Decimal | None:
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or not Decimal(value).is_finite():
            self.add(key, "Must be a finite number.")
            return None
        if at_least is not None and value < at_least:
            self.add(key, f"Must be at least {at_least}.")
        return Decimal(value)

    def text(self, key: str, value: Any) -> str | None:
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(key, "Must be a non-empty string.")
            return None
        return value


def _build(table: Mapping[str, Any], source: str) -> ScoringSettings:
    errors = _Errors()
    known = (*_TABLES, "ratings", "assessment")
    for key in table:
        if key not in known:
            errors.add(key, f"Unknown setting; expected one of {', '.join(known)}.")

    score = errors.table("score", table.get("score"), _SCORE_KEYS)
    base = errors.number("score.base", score.get("base", _MISSING))
    minimum = errors.number("score.min", score.get("min", _MISSING))
    maximum = errors.number("score.max", score.get("max", _MISSING))
    expiry_penalty = errors.number("score.expiry_penalty", score.get("expiry_penalty", _MISSING), Decimal(0))
    if minimum is not None and maximum is not None:
        if minimum >= maximum:
            errors.add("score.max", "Must be above score.min.")
        elif base is not None and not minimum <= base <= maximum:
            errors.add("score.base", "Must be within score.min … score.max.")

    promotion_points = _points(errors, "promotion_points", table.get("promotion_points"), skill_ladder().codes)
    prize_points = _points(errors, "prize_points", table.get("prize_points"), PRIZES)
    ratings = _ratings(errors, table.get("ratings"), minimum)
    assessment = _assessment(errors, table.get("assessment"))

    errors.detail = f"Invalid scoring settings in {source}."
    errors.raise_if_any()
    return ScoringSettings(base, minimum, maximum, expiry_penalty, promotion_points, prize_points, ratings,
                           assessment)


def _assessment(errors: _Errors, value: Any) -> Mapping[str, IndicatorSetting]:
    indicators = errors.table("assessment", value, INDICATORS)
    settings = {}
    for code in INDICATORS:
        key = f"assessment.{code}"
        entry = errors.table(key, indicators.get(code, {}), _INDICATOR_KEYS) if code in indicators else {}
        target = errors.number(f"{key}.target", entry.get("target", _MISSING))
        weight = errors.number(f"{key}.weight", entry.get("weight", _MISSING), Decimal(0))
        if target is not None and target <= 0:
            errors.add(f"{key}.target", "Must be above 0.")
        settings[code] = IndicatorSetting(target, weight)
    weights = [s.weight for s in settings.values() if s.weight is not None]
    if len(weights) == len(INDICATORS) and not sum(weights):
        errors.add("assessment", "At least one indicator must have a weight above 0.")
    return MappingProxyType(settings)


def _points(errors: _Errors, key: str, value: Any, names: tuple[str, ...]) -> Mapping[str, Decimal]:
    points = errors.table(key, value, names)
    return MappingProxyType(
        {name: errors.number(f"{key}.{name}", points.get(name, _MISSING), Decimal(0)) for name in names}
    )


def _ratings(errors: _Errors, value: Any, minimum: Decimal | None) -> tuple[Rating, ...]:
    if not isinstance(value, list) or not value:
        errors.add("ratings", "Must be a non-empty list of tables ([[ratings]]).")
        return ()
    keyed: list[tuple[str, Rating]] = []
    for i, item in enumerate(value):
        key = f"ratings[{i}]"
        entry = errors.table(key, item, _RATING_KEYS)
        code = errors.text(f"{key}.code", entry.get("code", _MISSING))
        at_least = errors.number(f"{key}.at_least", entry.get("at_least", _MISSING))
        zh = errors.text(f"{key}.zh", entry.get("zh", _MISSING))
        en = errors.text(f"{key}.en", entry.get("en", _MISSING))
        if None in (code, at_least, zh, en):
            return ()
        keyed.append((key, Rating(code, at_least, zh, en)))

    seen: set[str] = set()
    for i, (key, rating) in enumerate(keyed):
        if rating.code in seen:
            errors.add(f"{key}.code", f"Duplicate rating code {rating.code!r}.")
        seen.add(rating.code)
        if i and rating.at_least >= keyed[i - 1][1].at_least:
            errors.add(f"{key}.at_least", "Ratings go best first: each at_least must be below the one before.")
    last_key, last = keyed[-1]
    if minimum is not None and last.at_least > minimum:
        errors.add(
            f"{last_key}.at_least", "The last rating must start at or below score.min, so that every score has one."
        )
    return tuple(rating for _, rating in keyed)
