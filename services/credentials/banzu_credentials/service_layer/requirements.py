"""Occupation requirements: the credential types an occupation must hold (set by admins)."""
from __future__ import annotations

from banzu_common.occupation_catalogue import require_occupation

from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def set_requirements(uow: CredentialsUnitOfWork, occupation: str, type_codes: list[str]) -> dict:
    """The occupation (from the path) must be in the occupation catalogue: an unknown one is 422 on
    `occupation`, like every other reference this service is given, rather than 404, since there is no
    resource to find: the client named something the catalogue does not hold."""
    known = uow.types.all()
    unknown = [f"{code!r} is not a known credential type" for code in sorted(set(type_codes) - set(known))]
    require_occupation(uow.occupations, occupation, {"type_codes": unknown} if unknown else None)
    before = uow.requirements.of(occupation)
    uow.requirements.replace(occupation, sorted(set(type_codes)))
    after = requirements_of(uow, occupation)
    uow.audit("set", "occupation_requirement", occupation, {"type_codes": before}, {"type_codes": after["type_codes"]})
    return after


def requirements_of(uow: CredentialsUnitOfWork, occupation: str) -> dict:
    return {"occupation": occupation, "type_codes": uow.requirements.of(occupation)}
