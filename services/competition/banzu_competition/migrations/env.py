from banzu_common.migrations import run_migrations

from banzu_competition.adapters.tables import metadata

run_migrations(metadata)
