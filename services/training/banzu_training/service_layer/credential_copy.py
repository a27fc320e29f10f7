"""Training's copy of credentials, kept from the credentials service's events.

Events may arrive in any order, so a status only moves forward (valid → expiring → expired, and
superseded or revoked for good); facts that arrive late (the number from `issued`) are still filled in.
"""
from __future__ import annotations

from datetime import date, datetime

from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork

STATUS_RANK = {"valid": 0, "expiring": 1, "expired": 2, "superseded": 3, "revoked": 3}


def remember(uow: TrainingUnitOfWork, data: dict, status: str, changed_at: datetime, **facts) -> None:
    """Records what an event says about credential `data["credential_id"]`."""
    facts = {k: v for k, v in facts.items() if v is not None}
    current = uow.credentials.get(data["credential_id"])
    if current is None:
        uow.credentials.add({"credential_id": data["credential_id"], "employee_no": data["employee_no"],
                             "type_code": data["type_code"], "status": status, "changed_at": changed_at, **facts})
        return
    if STATUS_RANK[status] >= STATUS_RANK.get(current.status, 0):
        facts |= {"status": status, "changed_at": changed_at}
    if facts:
        uow.credentials.change(data["credential_id"], facts)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
