"""Where training holds a person: its copies of the directory and of their credentials, their
enrolments (with the sessions), attendance, certifications earned, mentorships as mentor or
apprentice (with their evaluations) and recertification cases."""
from __future__ import annotations

from banzu_common.personal_data import Holding, related

from banzu_training.adapters.tables import (attendance_records, cancelled_enrollments, certifications,
                                            credential_copies, directory_workers, enrollments, mentorship_evaluations,
                                            mentorships, recertification_cases, sessions)

SESSION_FACTS = ("id", "course_code", "starts_at", "ends_at", "location", "trainer", "cancelled_at",
                 "cancellation_reason")


def holdings() -> list[Holding]:
    return [
        Holding("directory_copy", directory_workers, ("employee_no",)),
        Holding("credential_copies", credential_copies, ("employee_no",)),
        Holding("enrollments", enrollments, ("employee_no",),
                related=(related("sessions", sessions, "id", "session_id", SESSION_FACTS),)),
        Holding("enrollments_ended_by_cancellation", cancelled_enrollments, ("employee_no",)),
        Holding("attendance", attendance_records, ("employee_no",),
                related=(related("attended_sessions", sessions, "id", "session_id", SESSION_FACTS),)),
        Holding("certifications", certifications, ("employee_no",)),
        Holding("mentorships", mentorships, ("mentor", "apprentice"),
                related=(related("mentorship_evaluations", mentorship_evaluations, "mentorship_id", "id"),)),
        Holding("recertification_cases", recertification_cases, ("employee_no",)),
    ]
