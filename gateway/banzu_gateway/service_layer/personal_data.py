"""Everything every part holds about a person (PIPL, the right to a copy): the gateway's own rows,
read in one transaction, and each service's, asked in parallel as the caller with a long deadline
(a copy may be large). A part that does not answer is "unavailable", never silently missing."""
from __future__ import annotations

from urllib.parse import quote

import urllib3

from banzu_common.web import API_PREFIX

from banzu_gateway.adapters.gather import Call, gather
from banzu_gateway.service_layer import directory
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork

SERVICES = ("credentials", "training", "competition")
DEADLINE_SECONDS = 20.0


def held_everywhere(uow: GatewayUnitOfWork, employee_no: str, headers: dict) -> tuple[dict, dict[str, dict | str]]:
    """The worker (404 when unknown) and, by part, the rows held about them (or UNAVAILABLE)."""
    with uow:
        worker = directory.get_worker(uow, employee_no)
        held = {"gateway": uow.personal_data.held_about(employee_no)}
    calls = [Call(service, service, f"{API_PREFIX}/personal-data/{quote(employee_no, safe='')}",
                  lambda body: body["held"]) for service in SERVICES]
    return worker, held | gather(calls, headers, DEADLINE_SECONDS, urllib3.Timeout(connect=1, read=DEADLINE_SECONDS))
