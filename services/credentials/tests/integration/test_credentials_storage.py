"""Repositories and migrations on PostgreSQL."""
from __future__ import annotations

from datetime import date

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text

from banzu_common.db import make_engine, session_factory
from banzu_common.messaging.outbox import Outbox

from banzu_credentials.adapters.tables import metadata
from banzu_credentials.bootstrap import runtime as service_runtime
from banzu_credentials.domain import Credential, SentNotice
from banzu_credentials.service_layer.sweep import sweep
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork

MIGRATIONS = service_runtime.migrations_dir



def test_credential_round_trip_with_reviews_and_notices(standalone_uow):
    with standalone_uow() as uow:
        ctype = uow.types.get("special_operation")
        credential = Credential.issue(credential_id="c-1", ctype=ctype, employee_no="E1", number="SO-1",
                                      issuer="Bureau", issued_on=date(2020, 1, 15), verification_code="ABCDEFGH")
        uow.credentials.add(credential, grade=None)
        credential.record_review(date(2023, 1, 10), ctype)
        uow.credentials.save(credential)
        uow.commit()
    with standalone_uow() as uow:
        loaded = uow.credentials.get("c-1", for_update=True)
        loaded.record_review(date(2025, 12, 1), uow.types.get("special_operation"))
        uow.credentials.save(loaded)
        sweep(uow, date(2025, 12, 1))
        uow.commit()
    with standalone_uow() as uow:
        again = uow.credentials.by_number("SO-1")
    assert (again.expires_on, again.next_review_on) == (date(2026, 1, 15), date(2028, 12, 1))
    assert [r.reviewed_on for r in again.reviews] == [date(2023, 1, 10), date(2025, 12, 1)]
    assert again.notices == [SentNotice("expiring", 90, date(2025, 12, 1))]


def test_default_types_are_seeded(standalone_uow):
    with standalone_uow() as uow:
        types = uow.types.all()
    assert {code: (t.validity_months, t.review_months, t.reminder_days) for code, t in types.items()} == {
        "special_operation": (72, 36, (90, 30, 7)), "special_equipment": (48, None, (90, 30, 7)),
        "skill_level": (None, None, ()), "post_qualification": (24, None, (30, 7))}


def test_migrations_match_the_tables(migrated_database):
    engine = make_engine(migrated_database())
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    engine.dispose()


def test_migrations_and_sweep_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'credentials.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        assert connection.scalar(text("SELECT count(*) FROM credential_types")) == 4
    uow = CredentialsUnitOfWork(session_factory(engine), Outbox(metadata.tables["outbox"], "/banzu/credentials"))
    with uow:
        worked_example = Credential.issue(credential_id="c-1", ctype=uow.types.get("special_equipment"),
                                          employee_no="E1", number="SE-1", issuer="Bureau",
                                          issued_on=date(2022, 12, 20), verification_code="ABCDEFGH")
        uow.credentials.add(worked_example)
        results = [sweep(uow, on) for on in (date(2026, 11, 22), date(2026, 11, 22), date(2026, 12, 14),
                                             date(2026, 12, 21))]
        uow.commit()
    assert results == [{"expiring": 1, "expired": 0}, {"expiring": 0, "expired": 0}, {"expiring": 1, "expired": 0},
                       {"expiring": 0, "expired": 1}], "the sweep's SQL runs on SQLite too"
    engine.dispose()
