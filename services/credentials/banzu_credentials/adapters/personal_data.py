"""Where the credentials service holds a person: its directory copy, their certificates with their
reviews, and the reminders sent about them."""
from __future__ import annotations

from banzu_common.personal_data import Holding, related

from banzu_credentials.adapters.tables import credential_notices, credentials, reviews, workers


def holdings() -> list[Holding]:
    return [
        Holding("directory_copy", workers, ("employee_no",)),
        Holding("credentials", credentials, ("employee_no",), related=(related("reviews", reviews, "credential_id", "id"),)),
        Holding("reminders_sent", credential_notices, ("employee_no",)),
    ]
