"""Training's own database: the catalogue, sessions and their rosters, attendance, plans,
certification programmes, mentorships, recertification cases, and local copies of the directory
and of credentials."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, Numeric, String, Table,
                        Text, UniqueConstraint)

from banzu_common.account_replica import add_account_table
from banzu_common.audit import add_audit_table
from banzu_common.credential_replica import add_credential_copy_table
from banzu_common.db import Instant
from banzu_common.directory_replica import add_directory_tables
from banzu_common.messaging.tables import add_messaging_tables

# Sizes follow the domain's limits (validation.py): codes 64, names 200, notes 2000.
CODE, NAME = 64, 200
Hours = Numeric(9, 2)
Score = Numeric(5, 2)

metadata = MetaData()
add_messaging_tables(metadata)
audit_log = add_audit_table(metadata)
directory_teams, directory_workers, directory_occupations = add_directory_tables(metadata)
account_versions = add_account_table(metadata)  # the accounts' token versions, for the token check

courses = Table(
    "courses", metadata,
    Column("code", String(CODE), primary_key=True),
    Column("title", String(NAME), nullable=False),
    Column("occupation", String(CODE), nullable=False),
    Column("hours", Hours, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("pass_score", Score),
    Column("credential_type", String(CODE)),
    Index("ix_courses_refresher", "kind", "credential_type"),
)

# Instants are stored in UTC with the offset they were given in, so a session's local day (the
# day its attendance counts on) survives databases that keep no offset.
sessions = Table(
    "sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("course_code", String(CODE), ForeignKey("courses.code"), nullable=False),
    Column("trainer", String(CODE), nullable=False),
    Column("location", String(NAME), nullable=False),
    Column("starts_at", Instant(), nullable=False),
    Column("ends_at", Instant(), nullable=False),
    Column("utc_offset_seconds", Integer, nullable=False),
    Column("starts_on", Date, nullable=False),  # local day of the start
    Column("capacity", Integer, nullable=False),
    Column("cancelled_at", Instant()),
    Column("cancellation_reason", Text),
    Column("cancelled_by", String(CODE)),
    Index("ix_sessions_course", "course_code", "starts_on"),
    Index("ix_sessions_time", "starts_at", "ends_at"),
    Index("ix_sessions_starts_on", "starts_on"),
)

enrollments = Table(
    "enrollments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False),
    Column("employee_no", String(CODE), nullable=False),
    Column("status", String(20), nullable=False),
    Column("arrival", Integer, nullable=False),
    UniqueConstraint("session_id", "employee_no", name="uq_enrollments_session_worker"),
    Index("ix_enrollments_worker", "employee_no"),
)

# The enrollments a session's cancellation ended, as they stood, so the people can be told.
cancelled_enrollments = Table(
    "cancelled_enrollments", metadata,
    Column("session_id", Integer, ForeignKey("sessions.id"), primary_key=True),
    Column("employee_no", String(CODE), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("arrival", Integer, nullable=False),
    Index("ix_cancelled_enrollments_worker", "employee_no"),
)

attendance_records = Table(
    "attendance_records", metadata,
    Column("session_id", Integer, ForeignKey("sessions.id"), primary_key=True),
    Column("employee_no", String(CODE), primary_key=True),
    Column("course_code", String(CODE), nullable=False),
    Column("present", Boolean, nullable=False),
    Column("hours", Hours, nullable=False),
    Column("score", Score),
    Column("completed", Boolean, nullable=False),
    Column("on", Date, nullable=False),
    Index("ix_attendance_worker", "employee_no", "on"),
)

plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_code", String(CODE), nullable=False),
    Column("year", Integer, nullable=False),
    Column("target_hours_per_person", Hours, nullable=False),
    Index("ix_plans_team_year", "team_code", "year"),
)

plan_items = Table(
    "plan_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False, index=True),
    Column("course_code", String(CODE), nullable=False),
    Column("month", Integer, nullable=False),
)

certification_programs = Table(
    "certification_programs", metadata,
    Column("code", String(CODE), primary_key=True),
    Column("name", String(NAME), nullable=False),
    Column("occupation", String(CODE), nullable=False),
    Column("grade", String(40), nullable=False),
    Column("min_hours", Hours, nullable=False),
    Column("credential_type", String(CODE), nullable=False),
)

certification_program_courses = Table(
    "certification_program_courses", metadata,
    Column("program_code", String(CODE), ForeignKey("certification_programs.code"), primary_key=True),
    Column("course_code", String(CODE), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_program_courses_course", "course_code"),
)

certifications = Table(
    "certifications", metadata,
    Column("certification_id", String(36), primary_key=True),
    Column("program_code", String(CODE), nullable=False),
    Column("employee_no", String(CODE), nullable=False, index=True),
    Column("grade", String(40), nullable=False),
    Column("earned_on", Date, nullable=False),
    UniqueConstraint("program_code", "employee_no", name="uq_certifications_program_worker"),
)

mentorships = Table(
    "mentorships", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mentor", String(CODE), nullable=False),
    Column("apprentice", String(CODE), nullable=False, index=True),
    Column("occupation", String(CODE), nullable=False),
    Column("goal_grade", String(40), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("achieved_on", Date),
    Index("ix_mentorships_status_end", "status", "ends_on"),
)

mentorship_evaluations = Table(
    "mentorship_evaluations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mentorship_id", Integer, ForeignKey("mentorships.id"), nullable=False, index=True),
    Column("on", Date, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("note", Text, nullable=False),
)

recertification_cases = Table(
    "recertification_cases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("credential_id", String(80), nullable=False),
    Column("employee_no", String(CODE), nullable=False, index=True),
    Column("type_code", String(CODE), nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("session_id", Integer, ForeignKey("sessions.id")),
    UniqueConstraint("credential_id", name="uq_recertification_cases_credential"),
    Index("ix_recertification_cases_open", "status", "type_code", "expires_on"),
)

# What training knows of each credential, from the credentials service's events.
credential_copies = add_credential_copy_table(metadata)
