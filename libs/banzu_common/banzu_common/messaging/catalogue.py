"""Who consumes which events of the catalogue (events.md); the events themselves are defined in
`contracts`. The relay declares every consumer's queue and bindings before it publishes, so an
event is never lost because its consumer has not started yet.
"""
from __future__ import annotations

from banzu_common.messaging.contracts import (AccountChanged, AttendanceRecorded, CertificationEarned, ContestCancelled,
                                              CredentialExpired, CredentialExpiring, CredentialIssued,
                                              CredentialRenewed, CredentialRevoked, EnrollmentChanged,
                                              JudgeAssignmentChanged, OccupationUpserted, PromotionEarned,
                                              ResultsPublished, TeamUpserted, WorkerUpserted)

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    # Every service checks tokens against its copy of the accounts' versions (AccountChanged).
    "competition": (TeamUpserted.TYPE, WorkerUpserted.TYPE, OccupationUpserted.TYPE, AccountChanged.TYPE,
                    CredentialIssued.TYPE, CredentialExpired.TYPE, CredentialRevoked.TYPE, CredentialRenewed.TYPE),
    "training": (TeamUpserted.TYPE, WorkerUpserted.TYPE, OccupationUpserted.TYPE, AccountChanged.TYPE,
                 PromotionEarned.TYPE, CredentialIssued.TYPE, CredentialExpiring.TYPE, CredentialExpired.TYPE,
                 CredentialRevoked.TYPE, CredentialRenewed.TYPE),
    # Contest prizes (ResultsPublished) for their badges.
    "credentials": (TeamUpserted.TYPE, WorkerUpserted.TYPE, OccupationUpserted.TYPE, AccountChanged.TYPE,
                    PromotionEarned.TYPE, CertificationEarned.TYPE, ResultsPublished.TYPE),
    # The ledger and the promotion list; notifications (expiry reminders, enrolment changes, contest day).
    "gateway": (ResultsPublished.TYPE, PromotionEarned.TYPE, CredentialExpiring.TYPE, CredentialExpired.TYPE,
                EnrollmentChanged.TYPE, ContestCancelled.TYPE, JudgeAssignmentChanged.TYPE),
}
# Published, consumed by nobody yet (reporting, analytics): AttendanceRecorded.
UNCONSUMED = (AttendanceRecorded.TYPE,)
