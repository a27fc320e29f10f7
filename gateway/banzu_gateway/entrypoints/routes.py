"""Which service owns a public path: the gateway's routing table (api.md names resources, not services)."""
from __future__ import annotations

import re

# First path segment under /api/v1 -> owning service. Under `/workers/{no}/`, `training` and
# `enrollments` belong to training and `contest-results` to competition; the rest of /workers is the
# gateway's own.
OWNERS = {
    "judges": "competition", "contests": "competition",
    "courses": "training", "sessions": "training", "plans": "training", "certification-programs": "training",
    "mentorships": "training", "recertifications": "training", "training-summary": "training",
    "credential-types": "credentials", "credentials": "credentials", "verify": "credentials",
    "compliance": "credentials", "occupation-requirements": "credentials", "credential-summary": "credentials",
    "badges": "credentials", "prizes": "credentials",
}
WORKER_PARTS = {"training": "training", "enrollments": "training", "contest-results": "competition"}
WORKER_PART = re.compile(r"^workers/[^/]+/([a-z-]+)/?$")


def owner_of(path: str) -> str | None:
    worker_part = WORKER_PART.match(path)
    if worker_part:
        return WORKER_PARTS.get(worker_part.group(1))
    return OWNERS.get(path.split("/", 1)[0])
