"""The event catalogue of events.md: which service consumes which event types.

The relay declares every consumer's queue and bindings before it publishes, so an event is never
lost because its consumer has not started yet.
"""
from __future__ import annotations

TEAM_UPSERTED = "banzu.directory.team.upserted.v1"
WORKER_UPSERTED = "banzu.directory.worker.upserted.v1"
RESULTS_PUBLISHED = "banzu.competition.results.published.v1"
PROMOTION_EARNED = "banzu.grade.promotion.earned.v1"
ATTENDANCE_RECORDED = "banzu.training.attendance.recorded.v1"
CERTIFICATION_EARNED = "banzu.training.certification.earned.v1"
CREDENTIAL_ISSUED = "banzu.credentials.credential.issued.v1"
CREDENTIAL_EXPIRING = "banzu.credentials.credential.expiring.v1"
CREDENTIAL_EXPIRED = "banzu.credentials.credential.expired.v1"
CREDENTIAL_REVOKED = "banzu.credentials.credential.revoked.v1"
CREDENTIAL_RENEWED = "banzu.credentials.credential.renewed.v1"

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "competition": (TEAM_UPSERTED, WORKER_UPSERTED, CREDENTIAL_ISSUED, CREDENTIAL_EXPIRED,
                    CREDENTIAL_REVOKED, CREDENTIAL_RENEWED),
    "training": (TEAM_UPSERTED, WORKER_UPSERTED, PROMOTION_EARNED, CREDENTIAL_ISSUED, CREDENTIAL_EXPIRING,
                 CREDENTIAL_EXPIRED, CREDENTIAL_REVOKED, CREDENTIAL_RENEWED),
    "credentials": (TEAM_UPSERTED, WORKER_UPSERTED, PROMOTION_EARNED, CERTIFICATION_EARNED),
    "gateway": (RESULTS_PUBLISHED, PROMOTION_EARNED, CREDENTIAL_EXPIRED),
}
