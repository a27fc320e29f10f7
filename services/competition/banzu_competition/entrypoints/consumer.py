"""The events competition consumes (events.md): the directory and credential copies it checks
eligibility and conflicts against, and the accounts' versions it checks tokens against."""
from __future__ import annotations

from banzu_common.account_replica import account_handlers
from banzu_common.credential_replica import credential_copy_handlers
from banzu_common.directory_replica import directory_handlers

from banzu_competition.adapters.tables import (account_versions, credential_copies, directory_occupations,
                                              directory_teams, directory_workers)

HANDLERS = {
    **directory_handlers(directory_teams, directory_workers, directory_occupations),
    **credential_copy_handlers(credential_copies),
    **account_handlers(account_versions),
}
