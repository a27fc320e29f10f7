"""Every team's assessment as CSV or XLSX: one row per team, one column per indicator's actual value.

Without a language the CSV is for machines (column codes, rating codes); with `zh` or `en` it is
for people (labelled columns, rating labels). An indicator that does not apply, or whose service
did not answer, leaves its cell empty; the last column names the services that did not answer. A
team that is not assessable (no members, or no indicator applies) has no score, and its rating
cell says so.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from banzu_gateway.domain.assessment import UNITS
from banzu_gateway.domain.scoring_settings import INDICATORS
from banzu_common.table_files.csv_file import csv_chunks, csv_text
from banzu_common.table_files.xlsx import write_sheet

INDICATOR_LABELS = {
    "zh": {"training_hours": "人均培训时长", "plan_completion": "培训计划完成率", "promotion_rate": "技能等级提升比例",
           "compliance": "持证上岗率", "contest_prizes": "技能比武获奖人次", "mentorship": "师徒结对达标率"},
    "en": {"training_hours": "Training hours per person", "plan_completion": "Plan completion",
           "promotion_rate": "Skill level promotion rate", "compliance": "Certified-on-post rate",
           "contest_prizes": "Contest prizes", "mentorship": "Mentorships achieved"},
}
UNIT_SUFFIXES = {"zh": {"hours": "（小时）", "percent": "（%）", "count": ""},
                 "en": {"hours": " (h)", "percent": " (%)", "count": ""}}
PART_LABELS = {"zh": {"training": "培训", "credentials": "证书"}, "en": {"training": "training",
                                                                      "credentials": "credentials"}}
COLUMNS = ("team", "name", "members", "score", "rating", *INDICATORS, "unavailable")
_HEADS = {"zh": ("班组编码", "班组名称", "人数", "考核得分", "评级"), "en": ("Team code", "Team name", "Members", "Score",
                                                                    "Rating")}
_UNAVAILABLE_HEADS = {"zh": "暂无数据的部分", "en": "Unavailable parts"}
NOT_ASSESSABLE = {None: "not_assessable", "zh": "不参与考核", "en": "Not assessable"}
SHEET_TITLES = {"zh": "班组考核", "en": "Team assessments"}
_XLSX_WIDTHS = (12, 20, 8, 10, 12, *(16,) * len(INDICATORS), 16)


def header(lang: str | None) -> tuple[str, ...]:
    """Column codes for machines (no `lang`), else labels with each indicator's unit."""
    if lang is None:
        return COLUMNS
    return (*_HEADS[lang], *(INDICATOR_LABELS[lang][code] + UNIT_SUFFIXES[lang][UNITS[code]] for code in INDICATORS),
            _UNAVAILABLE_HEADS[lang])


def cells(item: Mapping[str, Any], lang: str | None) -> list[Any]:
    """One team's row from its presented assessment (as the JSON list gives it)."""
    actual = {indicator["code"]: indicator["actual"] for indicator in item["indicators"]}
    parts = PART_LABELS[lang] if lang else {}
    rating = (item["rating_label"] if lang else item["rating"]) or None
    if not item["assessable"]:
        rating = NOT_ASSESSABLE[lang]
    return [item["team"], item["name"], item["members"], item["score"], rating, *(actual[code] for code in INDICATORS),
            " ".join(parts.get(part, part) for part in item["unavailable"]) or None]


def assessment_csv(items: Iterable[Mapping[str, Any]], lang: str | None) -> Iterator[str]:
    rows = ([csv_text(value) if isinstance(value, str) else value for value in cells(item, lang)] for item in items)
    return csv_chunks(header(lang), rows, lang or "en")


def write_assessment_xlsx(items: Iterable[Mapping[str, Any]], out: BinaryIO, lang: str) -> None:
    write_sheet(out, SHEET_TITLES[lang], header(lang), (cells(item, lang) for item in items), _XLSX_WIDTHS)
