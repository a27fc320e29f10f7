"""Occupation requirements: the credential types an occupation must hold (set by admins)."""
from __future__ import annotations

from banzu_common.errors import Invalid

from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def set_requirements(uow: CredentialsUnitOfWork, occupation: str, type_codes: list[str]) -> dict:
    known = uow.types.all()
    unknown = sorted({code for code in type_codes if code not in known})
    if unknown:
        raise Invalid({"type_codes": [f"{code!r} is not a known credential type" for code in unknown]})
    before = uow.requirements.of(occupation)
    uow.requirements.replace(occupation, sorted(set(type_codes)))
    after = requirements_of(uow, occupation)
    uow.audit("set", "occupation_requirement", occupation, {"type_codes": before}, {"type_codes": after["type_codes"]})
    return after


def requirements_of(uow: CredentialsUnitOfWork, occupation: str) -> dict:
    return {"occupation": occupation, "type_codes": uow.requirements.of(occupation)}
