"""Events as the services publish them, and the occupations the tests' workers name, for the gateway's
integration tests."""
from __future__ import annotations

import uuid

from banzu_common.messaging.contracts import CredentialExpired, PromotionEarned, ResultsPublished
from banzu_common.messaging.envelope import Envelope

from banzu_gateway.service_layer import occupations

# The occupations the tests' workers have (conftest puts them in the catalogue): (zh, en) by code.
OCCUPATIONS = {"electrician": ("电工", "Electrician"), "welder": ("焊工", "Welder"), "fitter": ("钳工", "Fitter")}
CREW_PASSWORD = "Leaver-pass-12"  # the sign-in of the `crew` fixture's team leader


def catalogue_the_tests_occupations(runtime) -> None:
    """Every occupation the tests' workers name, in the catalogue of `runtime`'s database."""
    with runtime.uow() as uow:
        for code, (zh, en) in OCCUPATIONS.items():
            occupations.create_occupation(uow, code, {"zh": zh, "en": en})
        uow.commit()


def promotion(employee_no: str, team_code: str, from_grade: str, to_grade: str, effective_on: str,
              source: str = "contest", source_name: str = "Electrician contest", promotion_id: str | None = None,
              occupation: str = "electrician") -> Envelope:
    data = {"promotion_id": promotion_id or str(uuid.uuid4()), "employee_no": employee_no, "team_code": team_code,
            "occupation": occupation, "from_grade": from_grade, "to_grade": to_grade, "source": source,
            "source_id": f"{source}-1", "source_name": source_name, "effective_on": effective_on}
    publisher = "/banzu/competition" if source == "contest" else "/banzu/training"
    return Envelope.new(PromotionEarned.TYPE, publisher, employee_no, data, None)


def results(contest_id: str, published_on: str, *rows: tuple[str, str, str | None]) -> Envelope:
    """`rows` as (employee_no, team_code, prize) in rank order."""
    data = {"contest_id": contest_id, "name": "Electrician contest", "occupation": "electrician",
            "published_on": published_on,
            "results": [{"employee_no": no, "team_code": team, "rank": rank, "total": "80.00", "prize": prize}
                        for rank, (no, team, prize) in enumerate(rows, 1)]}
    return Envelope.new(ResultsPublished.TYPE, "/banzu/competition", contest_id, data, None)


def expired(employee_no: str, expires_on: str, credential_id: str | None = None) -> Envelope:
    data = {"credential_id": credential_id or str(uuid.uuid4()), "employee_no": employee_no,
            "type_code": "special_equipment", "expires_on": expires_on}
    return Envelope.new(CredentialExpired.TYPE, "/banzu/credentials", data["credential_id"], data, None)


def again(envelope: Envelope) -> Envelope:
    """The same fact in a new message (a publisher that sent it twice): another event id."""
    return Envelope.new(envelope.type, envelope.source, envelope.subject, envelope.data, None)


def problem_of(response) -> dict:
    assert response.content_type == "application/problem+json", response.get_data(as_text=True)
    return response.get_json()
