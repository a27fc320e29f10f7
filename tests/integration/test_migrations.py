"""R7: every part's migrations, on PostgreSQL and SQLite, build exactly the schema its code declares,
and can be taken down to nothing and up again."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from banzu_common.db import make_engine, migrate

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
