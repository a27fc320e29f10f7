"""Credential types: how long a credential of the type is valid, reviewed and reminded about."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from banzu_common.field_errors import FieldErrors
from banzu_common.rules import REQUIRED, Rule, at_most_characters
from banzu_common.text_rules import ONE_LINE_MESSAGE, control_character_error

CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,49}")
MAX_NAME_LENGTH = 100
MAX_MONTHS = 1200
MAX_REMINDER_DAYS = 3660


@dataclass(frozen=True)
class CredentialType:
    """A kind of certificate. `None` months mean never expires / no periodic review.

    `reminder_days` is sorted from the largest (first reminder) to the smallest (most urgent).
    Build new types with `new_credential_type`, which validates; the constructor trusts its input so
    that stored types load as they are.
    """

    code: str
    name_zh: str
    name_en: str
    validity_months: int | None = None
    review_months: int | None = None
    reminder_days: tuple[int, ...] = ()

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    @property
    def has_review(self) -> bool:
        return self.review_months is not None


DEFAULT_CREDENTIAL_TYPES: tuple[CredentialType, ...] = (
    CredentialType("special_operation", "特种作业操作证", "Special operation certificate", 72, 36, (90, 30, 7)),
    CredentialType("special_equipment", "特种设备作业人员证", "Special equipment operator certificate", 48, None, (90, 30, 7)),
    CredentialType("skill_level", "职业技能等级证书", "Vocational skill level certificate", None, None, ()),
    CredentialType("post_qualification", "上岗证", "Post qualification (internal)", 24, None, (30, 7)),
)


def new_credential_type(
    code: str,
    name: str | Mapping[str, str],
    validity_months: int | None = None,
    review_months: int | None = None,
    reminder_days: Iterable[int] = (),
) -> CredentialType:
    """A validated new type; raises Invalid with the messages of every bad field.

    `name` is one name for both languages or a mapping with "zh" and/or "en" (a missing language
    falls back to the other).
    """
    errors = FieldErrors()
    code = code.strip() if isinstance(code, str) else ""
    if not CODE_PATTERN.fullmatch(code):
        errors.add("code", Rule("type_code_format", "must be 2–50 lowercase letters, digits or underscores, "
                                                  "starting with a letter"))
    name_zh, name_en = _names(name, errors)
    for field, months in (("validity_months", validity_months), ("review_months", review_months)):
        if months is not None and not _is_int_in(months, 1, MAX_MONTHS):
            errors.add(field, Rule("out_of_range", f"must be a whole number of months from 1 to {MAX_MONTHS}",
                                   min=1, max=MAX_MONTHS))
    days = tuple(reminder_days)
    if not all(_is_int_in(d, 1, MAX_REMINDER_DAYS) for d in days):
        errors.add("reminder_days", Rule("out_of_range", f"each must be a whole number of days from 1 to "
                                                         f"{MAX_REMINDER_DAYS}", min=1, max=MAX_REMINDER_DAYS))
    elif len(set(days)) != len(days):
        errors.add("reminder_days", Rule("repeated", "must not repeat a day"))
    elif days and validity_months is None:
        errors.add("reminder_days", Rule("reminders_without_expiry", "only a type that expires can have reminders"))
    errors.raise_if_any()
    return CredentialType(code, name_zh, name_en, validity_months, review_months, tuple(sorted(days, reverse=True)))


def _names(name: str | Mapping[str, str], errors: FieldErrors) -> tuple[str, str]:
    if isinstance(name, str):
        zh = en = name.strip()
    elif isinstance(name, Mapping):
        if not set(name) <= {"zh", "en"} or not all(isinstance(text, str) for text in name.values()):
            errors.add("name", Rule("invalid_type", 'must be a text or {"zh": text, "en": text}', type="names"))
            return "", ""
        zh = _stripped(name.get("zh")) or _stripped(name.get("en"))
        en = _stripped(name.get("en")) or zh
    else:
        zh = en = ""
    if not zh:
        errors.add("name", REQUIRED)
    elif max(len(zh), len(en)) > MAX_NAME_LENGTH:
        errors.add("name", at_most_characters(MAX_NAME_LENGTH))
    elif any(control_character_error(text) for text in _texts(name)):  # as sent, before stripping
        errors.add("name", ONE_LINE_MESSAGE)
    return zh, en


def _texts(name: str | Mapping[str, str]) -> list[str]:
    return [name] if isinstance(name, str) else list(name.values())


def _stripped(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_int_in(value: object, low: int, high: int) -> bool:
    # bool is an int subclass; `true` in JSON is not a number of months.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
