"""A worker's profile: the directory record plus their credentials, training and contest results,
fetched from the services in parallel (`gather`: a service that does not answer leaves its part
"unavailable" and the rest still comes back)."""
from __future__ import annotations

from urllib.parse import quote

from banzu_common.auth import Principal
from banzu_common.web import API_PREFIX

from banzu_gateway.adapters.gather import Call, gather, items, whole
from banzu_gateway.service_layer import directory
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork


def profile_parts(principal: Principal, employee_no: str, year: int) -> list[Call]:
    no = quote(employee_no, safe="")
    credentials = (f"{API_PREFIX}/credentials?employee_no={no}&per_page=500" if principal.has("hr")
                   else f"{API_PREFIX}/credentials/me?per_page=500")
    return [
        Call("credentials", "credentials", credentials, items),
        Call("training", "training", f"{API_PREFIX}/workers/{no}/training?year={year}", whole),
        Call("contests", "competition", f"{API_PREFIX}/workers/{no}/contest-results", items),
    ]


def profile(uow: GatewayUnitOfWork, principal: Principal, employee_no: str, year: int, headers: dict) -> dict:
    """The worker (404 when unknown) and the parts the services hold of `year`; the services are
    asked as the caller (`headers`), after the unit of work has closed."""
    with uow:
        worker = directory.get_worker(uow, employee_no)
    return {"worker": worker, "year": year} | gather(profile_parts(principal, employee_no, year), headers)
