"""The copy of the occupation catalogue every part keeps, and the rule it backs: an occupation is
known once its event has arrived; a newer event renames it and an older one does not, whatever order
they come in; on PostgreSQL and SQLite."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import MetaData, select

from banzu_common.db import make_engine, session_factory
from banzu_common.directory_replica import add_directory_tables, directory_handlers
from banzu_common.errors import Invalid
from banzu_common.messaging.contracts import OccupationUpserted
from banzu_common.messaging.envelope import Envelope
from banzu_common.occupation_catalogue import UNKNOWN_OCCUPATION, OccupationCatalogue, require_occupation

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["postgresql", "sqlite"])
def copy(request, make_database, tmp_path):
    """(sessions, the occupations table, its event handler) on a new database of each kind."""
    url = make_database("occupations") if request.param == "postgresql" else f"sqlite:///{tmp_path / 'copy.db'}"
    metadata = MetaData()
    teams, workers, occupations = add_directory_tables(metadata)
    engine = make_engine(url)
    metadata.create_all(engine)
    yield session_factory(engine), occupations, directory_handlers(teams, workers, occupations)[OccupationUpserted.TYPE]
    engine.dispose()


def announced(code: str, name_zh: str, name_en: str, at: datetime) -> Envelope:
    return Envelope(str(uuid.uuid4()), OccupationUpserted.TYPE, "/banzu/gateway", code, at, None,
                    {"code": code, "name_zh": name_zh, "name_en": name_en})


def apply(copy, *events: Envelope) -> None:
    sessions, _, handler = copy
    with sessions() as session, session.begin():
        handler.apply(session, list(events))


def names(copy, code: str) -> tuple[str, str] | None:
    sessions, occupations, _ = copy
    with sessions() as session:
        row = session.execute(select(occupations.c.name_zh, occupations.c.name_en)
                              .where(occupations.c.code == code)).first()
    return None if row is None else tuple(row)


def refusal(copy, code: str, other_errors=None) -> Invalid | None:
    sessions, occupations, _ = copy
    with sessions() as session:
        try:
            require_occupation(OccupationCatalogue(session, occupations), code, other_errors)
        except Invalid as error:
            return error
    return None


def test_an_occupation_is_known_once_its_event_has_arrived(copy):
    refused = refusal(copy, "painter")
    assert (refused.errors, refused.reason) == ({"occupation": [UNKNOWN_OCCUPATION]}, "unknown_occupation")
    apply(copy, announced("painter", "油漆工", "Painter", NOON))
    assert refusal(copy, "painter") is None
    assert names(copy, "painter") == ("油漆工", "Painter")
    assert refusal(copy, "Painter") is not None, "codes are exact: a name or another case is not the code"


def test_a_newer_event_renames_and_an_older_one_does_not(copy):
    apply(copy, announced("rigger", "起重工", "Rigger", NOON))
    apply(copy, announced("rigger", "起重信号工", "Rigger (signals)", NOON + timedelta(minutes=5)))
    assert names(copy, "rigger") == ("起重信号工", "Rigger (signals)")
    apply(copy, announced("rigger", "旧名", "Old name", NOON + timedelta(minutes=1)))  # late, out of order
    assert names(copy, "rigger") == ("起重信号工", "Rigger (signals)")


def test_in_one_batch_the_newest_event_of_an_occupation_wins(copy):
    apply(copy, announced("fitter", "钳工 新", "Fitter (new)", NOON + timedelta(seconds=2)),
          announced("fitter", "钳工", "Fitter", NOON), announced("turner", "车工", "Turner", NOON))
    assert (names(copy, "fitter"), names(copy, "turner")) == (("钳工 新", "Fitter (new)"), ("车工", "Turner"))


def test_an_unknown_occupation_is_refused_together_with_the_bodys_other_references(copy):
    refused = refusal(copy, "painter", {"mentor": ["There is no worker 'M1'."]})
    assert refused.errors == {"mentor": ["There is no worker 'M1'."], "occupation": [UNKNOWN_OCCUPATION]}
    assert refused.reason == "invalid"
    apply(copy, announced("painter", "油漆工", "Painter", NOON))
    assert refusal(copy, "painter", {"mentor": ["There is no worker 'M1'."]}).errors == {
        "mentor": ["There is no worker 'M1'."]}
