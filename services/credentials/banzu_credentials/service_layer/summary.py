"""The credential summary the gateway's team assessments and skill matrices read: per worker, whether
they are compliant (持证上岗) on a day and, if asked, their standing for each required type."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select

from banzu_common.leaving import present_on

from banzu_credentials.adapters.tables import credentials, workers
from banzu_credentials.domain import NOT_REQUIRED, CredentialStatus, best_holdings, lacking, required_cells
from banzu_credentials.service_layer.queries import status_expression
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def credential_summary(uow: CredentialsUnitOfWork, on: date, employee_nos: Collection[str] | None = None,
                       cells: bool = False) -> dict:
    """Every worker of the local directory copy (or those of `employee_nos` it knows) still with the
    company on `on` (a worker who left by then is left out), compliant or not on `on`, and whether their occupation has requirements set at all (`applicable`). With `cells`, `types` lists every type some listed worker's occupation requires,
    and each worker has a cell per type: their standing, or `not_required`."""
    session = uow.session
    people = select(workers.c.employee_no, workers.c.occupation).where(present_on(workers, on))
    held = (select(credentials.c.employee_no, credentials.c.type_code, status_expression(uow.types.all(), on))
            # A credential issued after the day was not held on it; revoked and superseded ones never count.
            .where(credentials.c.issued_on <= on, credentials.c.revoked_on.is_(None),
                   credentials.c.superseded_by.is_(None)))
    if employee_nos is not None:
        people = people.where(workers.c.employee_no.in_(list(employee_nos)))
        held = held.where(credentials.c.employee_no.in_(list(employee_nos)))
    best = best_holdings((no, type_code, CredentialStatus(status)) for no, type_code, status in session.execute(held).all())
    requirements = uow.requirements.all()
    standing = {no: required_cells(requirements.get(occupation, ()), best.get(no, {}))
                for no, occupation in session.execute(people.order_by(workers.c.employee_no)).all()}
    answer: dict = {"as_of": on, "workers": [{"employee_no": no, "applicable": bool(required),
                                              "compliant": not lacking(required)}
                                             for no, required in standing.items()]}
    if cells:
        types = sorted({type_code for required in standing.values() for type_code in required})
        answer["types"] = types
        for row in answer["workers"]:
            required = standing[row["employee_no"]]
            row["cells"] = {type_code: required.get(type_code, NOT_REQUIRED) for type_code in types}
    return answer
