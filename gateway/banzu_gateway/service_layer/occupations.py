"""The occupation catalogue (工种), kept by HR: each entry's names in Chinese and English. Every change
goes out as an OccupationUpserted event, so the services keep a copy and check occupations locally."""
from __future__ import annotations

from datetime import datetime, timezone

from banzu_common.errors import Conflict, NotFound
from banzu_common.messaging.contracts import OccupationUpserted

from banzu_gateway.adapters.occupations import NAME_COLUMNS
from banzu_gateway.domain.occupations import LANGUAGES, OccupationLookup, names_of
from banzu_gateway.service_layer.directory import PART
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork


def list_occupations(uow: GatewayUnitOfWork) -> list[dict]:
    """The whole catalogue by code (it is short: a plant has tens of occupations, not thousands)."""
    return [_answer(row._mapping) for row in uow.occupations.all()]


def get_occupation(uow: GatewayUnitOfWork, code: str) -> dict:
    return _answer(_stored(uow, code))


def create_occupation(uow: GatewayUnitOfWork, code: str, name: dict[str, str]) -> dict:
    if uow.occupations.exists(code):
        raise Conflict("occupation_exists", f"The occupation {code!r} is already in the catalogue.", code=code)
    row = {"code": code, **_name_columns(name), "updated_at": datetime.now(timezone.utc)}
    uow.occupations.add(row)
    uow.record(_event(row))
    uow.audit("create", "occupation", code, after=_fields(row), part=PART)
    return _answer(row)


def rename_occupation(uow: GatewayUnitOfWork, code: str, name: dict[str, str]) -> dict:
    """Changes the names given (zh, en or both); the code stays, as every record names it."""
    stored = dict(_stored(uow, code))
    row = stored | _name_columns(name) | {"updated_at": datetime.now(timezone.utc)}
    uow.occupations.update(code, row)
    uow.record(_event(row))
    uow.audit("change", "occupation", code, _fields(stored), _fields(row), part=PART)
    return _answer(row)


def names_in(uow: GatewayUnitOfWork, lang: str | None) -> dict[str, str]:
    """Occupation code -> its name in `lang` (one of LANGUAGES), for files people read; a caller shows
    a code the catalogue lacks as it is. None for a file for machines, who read codes: no names."""
    if lang is None:
        return {}
    return {code: name or code for code, name in uow.occupations.names_in(lang)}


def lookup(uow: GatewayUnitOfWork) -> OccupationLookup:
    """The catalogue as an import reads it: by code or either name."""
    return OccupationLookup(uow.occupations.names())


def _stored(uow: GatewayUnitOfWork, code: str):
    row = uow.occupations.get(code)
    if row is None:
        raise NotFound(f"There is no occupation {code!r} in the catalogue.")
    return row._mapping


def _name_columns(name: dict[str, str]) -> dict[str, str]:
    return {f"name_{lang}": text.strip() for lang, text in name.items() if lang in LANGUAGES}


def _fields(row) -> dict:
    return {column: row[column] for column in NAME_COLUMNS}


def _answer(row) -> dict:
    return {"code": row["code"], "name": names_of(row)}


def _event(row: dict) -> OccupationUpserted:
    return OccupationUpserted(code=row["code"], name_zh=row["name_zh"], name_en=row["name_en"])
