"""What training records when attendance is taken or a programme is earned: the integration events
themselves. Their contracts (banzu_common.messaging.contracts) are plain data naming exactly what
happened, so the domain records them as they are and the unit of work sends them unchanged."""
from __future__ import annotations

from banzu_common.messaging.contracts import AttendanceRecorded, CertificationEarned, PromotionEarned

__all__ = ["AttendanceRecorded", "CertificationEarned", "PromotionEarned"]
