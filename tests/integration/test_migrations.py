"""R7: every part's migrations, on PostgreSQL and SQLite, build exactly the schema its code declares,
and can be taken down to nothing and up again; the directory's workers and a service's records made
before the occupation catalogue keep their occupations in the catalogue (the gateway's) and in its copy
(a service's), and the workers stay with the company."""
from __future__ import annotations

import importlib
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, select

from banzu_common.db import make_engine, migrate, session_factory
from banzu_common.messaging.contracts import OccupationUpserted
from banzu_common.messaging.envelope import Envelope

PARTS = ("gateway", "competition", "training", "credentials")
DIALECTS = ("postgresql", "sqlite")
VERSION_TABLE = "alembic_version"


def runtime_of(part: str):
    return importlib.import_module(f"banzu_{part}.bootstrap").runtime


@pytest.fixture(params=DIALECTS)
def empty_database(request, make_database, tmp_path) -> str:
    if request.param == "postgresql":
        return make_database("migrations")
    return f"sqlite:///{tmp_path / 'migrations.db'}"


def downgrade(migrations_dir: Path, url: str, revision: str) -> None:
    """The downward twin of banzu_common.db.migrate, with the same configuration."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.downgrade(config, revision)


def schema_differences(url: str, metadata: MetaData) -> list:
    """What autogenerate would change to make the database match `metadata`: nothing, if the
    migrations are right. SQLite reflects several types differently (no timezone on DateTime,
    no length checks), so there types are left out and everything else still compared."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": engine.dialect.name != "sqlite"})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def columns_by_table(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    try:
        inspector = inspect(engine)
        return {table: {column["name"] for column in inspector.get_columns(table)}
                for table in inspector.get_table_names() if table != VERSION_TABLE}
    finally:
        engine.dispose()


def declared_columns(metadata: MetaData) -> dict[str, set[str]]:
    return {table.name: {column.name for column in table.columns} for table in metadata.sorted_tables}


@pytest.mark.parametrize("part", PARTS)
def test_upgrade_from_empty_builds_the_declared_schema(part, empty_database):
    runtime = runtime_of(part)
    migrate(runtime.migrations_dir, empty_database, "head")
    assert columns_by_table(empty_database) == declared_columns(runtime.metadata)
    assert schema_differences(empty_database, runtime.metadata) == []


@pytest.mark.parametrize("part", PARTS)
def test_downgrade_to_base_leaves_nothing_and_upgrades_again(part, empty_database):
    runtime = runtime_of(part)
    migrate(runtime.migrations_dir, empty_database, "head")
    downgrade(runtime.migrations_dir, empty_database, "base")
    assert columns_by_table(empty_database) == {}
    migrate(runtime.migrations_dir, empty_database, "head")
    assert columns_by_table(empty_database) == declared_columns(runtime.metadata)
    assert schema_differences(empty_database, runtime.metadata) == []


# The directory's workers as they stood before the occupation catalogue (gateway revision 0004),
# naming occupations that were free text then.
GATEWAY_TEAM = {"code": "T1", "name": "一班", "company": "Acme", "updated_at": datetime(2025, 5, 1, tzinfo=timezone.utc)}
GATEWAY_WORKERS = [{"employee_no": number, "name": name, "team_code": "T1", "occupation": occupation,
                    "grade": "junior", "updated_at": datetime(2025, 5, 1, tzinfo=timezone.utc)}
                   for number, name, occupation in (("E1", "王五", "painter"), ("E2", "赵六", "welder"),
                                                    ("E3", "孙七", "welder"))]


def test_every_occupation_the_directory_uses_enters_the_catalogue_named_by_its_code_and_workers_stay(
        empty_database):
    """The gateway's upgrade to the catalogue: each distinct code its workers name becomes one entry
    named by its code in both languages (until HR names it), and every worker is active, none left."""
    runtime = runtime_of("gateway")
    migrate(runtime.migrations_dir, empty_database, "0004")
    engine = make_engine(empty_database)
    try:
        tables = MetaData()
        tables.reflect(engine, only=["teams", "workers"])
        with engine.begin() as connection:
            connection.execute(tables.tables["teams"].insert(), [GATEWAY_TEAM])
            connection.execute(tables.tables["workers"].insert(), GATEWAY_WORKERS)
        migrate(runtime.migrations_dir, empty_database, "head")
        occupations, workers = runtime.metadata.tables["occupations"], runtime.metadata.tables["workers"]
        with engine.connect() as connection:
            catalogue = {row.code: (row.name_zh, row.name_en) for row in connection.execute(select(occupations))}
            standing = {row.employee_no: (row.occupation, row.status, row.left_on, row.left_reason)
                        for row in connection.execute(select(workers))}
        assert catalogue == {"painter": ("painter", "painter"), "welder": ("welder", "welder")}
        assert standing == {"E1": ("painter", "active", None, None), "E2": ("welder", "active", None, None),
                            "E3": ("welder", "active", None, None)}
    finally:
        engine.dispose()


# Each service's records as they stood before the occupation catalogue (the revision before it came),
# naming occupations that were free text then: (that revision, rows by table).
WORKER = {"employee_no": "E1", "name": "王五", "team_code": "T1", "company": "Acme", "occupation": "glazier",
          "grade": "senior", "changed_at": datetime(2025, 5, 1, tzinfo=timezone.utc)}
BEFORE_THE_CATALOGUE = {
    "competition": ("0004", {"contests": [{
        "id": "c-1", "name": "Painting contest", "occupation": "painter", "starts_on": date(2025, 6, 1),
        "ends_on": date(2025, 6, 2), "status": "draft", "settings": {},
        "created_at": datetime(2025, 5, 1, tzinfo=timezone.utc)}]}),
    "training": ("0004", {
        "courses": [{"code": "PT1", "title": "Painting", "occupation": "painter", "hours": 4, "kind": "practical"}],
        "mentorships": [{"mentor": "E1", "apprentice": "E2", "occupation": "plasterer", "goal_grade": "senior",
                         "starts_on": date(2025, 1, 1), "ends_on": date(2025, 6, 30), "status": "active"}]}),
    "credentials": ("0003", {"occupation_requirements": [{"occupation": "painter", "type_code": "special_operation"}]}),
}


@pytest.mark.parametrize("part", ("competition", "training", "credentials"))
def test_every_occupation_already_used_enters_the_catalogue_s_copy_and_takes_its_names_from_the_event(
        part, empty_database):
    """Records made before the catalogue stay valid: each code they (or the directory's workers) name
    becomes an entry named by its code, which the catalogue's event then names."""
    runtime = runtime_of(part)
    previous, rows = BEFORE_THE_CATALOGUE[part]
    migrate(runtime.migrations_dir, empty_database, previous)
    engine = make_engine(empty_database)
    try:
        tables = MetaData()
        tables.reflect(engine, only=[*rows, "directory_workers"])
        with engine.begin() as connection:
            for name, table_rows in {**rows, "directory_workers": [WORKER]}.items():
                connection.execute(tables.tables[name].insert(), table_rows)
        migrate(runtime.migrations_dir, empty_database, "head")
        occupations = runtime.metadata.tables["directory_occupations"]

        def catalogue() -> dict:
            with engine.connect() as connection:
                return {row.code: (row.name_zh, row.name_en) for row in connection.execute(select(occupations))}

        used = {row["occupation"] for table_rows in rows.values() for row in table_rows} | {"glazier"}
        assert catalogue() == {code: (code, code) for code in used}

        handler = importlib.import_module(f"banzu_{part}.entrypoints.consumer").HANDLERS[OccupationUpserted.TYPE]
        with session_factory(engine)() as session, session.begin():
            handler(session, Envelope.new(OccupationUpserted.TYPE, "/banzu/gateway", "painter",
                                          {"code": "painter", "name_zh": "油漆工", "name_en": "Painter"}, None))
        assert catalogue() == {code: (code, code) for code in used} | {"painter": ("油漆工", "Painter")}
    finally:
        engine.dispose()
