"""Who reads which part of the audit trail: admins every part, HR the directory's and the
credentials' (the records HR keeps)."""
from __future__ import annotations

from banzu_common.auth import Principal

GATEWAY_PARTS = ("directory", "accounts", "scores", "notifications")
SERVICE_PARTS = ("competition", "training", "credentials")
ALL_PARTS = GATEWAY_PARTS + SERVICE_PARTS
HR_PARTS = ("directory", "credentials")


def parts_readable_by(principal: Principal) -> tuple[str, ...]:
    if principal.has("admin"):
        return ALL_PARTS
    return HR_PARTS if principal.has("hr") else ()
