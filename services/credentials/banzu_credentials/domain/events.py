"""What a credential records when something happens to it: the integration events themselves.
Their contracts (banzu_common.messaging.contracts) are plain data naming exactly what happened, so
the domain records them as they are and the unit of work sends them unchanged."""
from __future__ import annotations

from banzu_common.messaging.contracts import (CredentialExpired, CredentialExpiring, CredentialIssued,
                                              CredentialRenewed, CredentialRevoked)

CredentialEvent = CredentialIssued | CredentialRenewed | CredentialRevoked | CredentialExpiring | CredentialExpired

__all__ = ["CredentialEvent", "CredentialExpired", "CredentialExpiring", "CredentialIssued", "CredentialRenewed",
           "CredentialRevoked"]
