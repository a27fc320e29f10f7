"""Training's domain: pure rules for courses, sessions, enrollment, attendance, plans,
certification programmes, mentorships and recertification. No I/O; `now`/`today` are arguments."""
from .attendance import AttendanceMark, AttendanceRecord, AttendanceSheet
from .certification import (CertificationProgramme, ProgrammeProgress, decide_certification,
                            programme_progress)
from .courses import Course, CourseKind
from .enrollment import Cancellation, Enrollment, EnrollmentStatus, Roster
from .events import AttendanceRecorded, CertificationEarned, PromotionEarned
from .hours import round_to_half_hour
from .mentorship import Evaluation, Mentorship, MentorshipStatus
from .plans import Delivery, PlanItem, PlanProgress, TrainingPlan, held_count, plan_progress
from .recertification import (CaseStatus, CaseUpdate, ExpiringCredential, RecertificationCase,
                              RefresherOffer, handle_reminder)
from .records import CompletedCourse, TrainingRecord, hours_in_year, training_record
from .sessions import Session, check_schedule
from .workers import Worker

__all__ = [
    "AttendanceMark", "AttendanceRecord", "AttendanceRecorded", "AttendanceSheet", "Cancellation",
    "CaseStatus", "CaseUpdate", "CertificationEarned", "CertificationProgramme", "CompletedCourse",
    "Course", "CourseKind", "Delivery", "Enrollment", "EnrollmentStatus", "Evaluation",
    "ExpiringCredential", "Mentorship", "MentorshipStatus", "PlanItem", "PlanProgress",
    "ProgrammeProgress", "PromotionEarned", "RecertificationCase", "RefresherOffer", "Roster",
    "Session", "TrainingPlan", "TrainingRecord", "Worker", "check_schedule", "decide_certification",
    "handle_reminder", "held_count", "hours_in_year", "plan_progress", "programme_progress", "round_to_half_hour",
    "training_record",
]
