"""The body of every service's Alembic `env.py`: online migrations of one service's own metadata."""
from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from banzu_common.db import make_engine


def run_migrations(metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        # SQLite alters tables by copying them (batch mode); PostgreSQL alters in place.
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=engine.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
