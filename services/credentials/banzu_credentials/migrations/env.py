from banzu_common.migrations import run_migrations

from banzu_credentials.adapters.tables import metadata

run_migrations(metadata)
