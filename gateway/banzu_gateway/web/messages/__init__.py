"""The message catalogues (zh, en), one module per area of the console, merged into one.

A key may be defined once only, in the area that owns it; every key exists in both languages
(a unit test checks both).
"""
from __future__ import annotations

from importlib import import_module

AREAS = (
    "common",
    "contests",
    "contest_day",
    "judging",
    "hr_admin",
    "training",
    "training_edits",
    "notifications",
    "assessments",
    "assessment_explained",
    "audit",
    "compliance",
    "credential_reviews",
    "leavers",
    "occupations",
    "people",
)


def merged_catalogues() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for area in AREAS:
        catalogue = import_module(f"{__name__}.{area}").MESSAGES
        for lang, messages in catalogue.items():
            twice = merged[lang].keys() & messages.keys()
            if twice:
                raise ValueError(f"messages defined twice ({area}): {', '.join(sorted(twice))}")
            merged[lang].update(messages)
    return merged
