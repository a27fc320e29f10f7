"""The competition service's own database: contests, judges, scoring, results, and local copies of
the directory and of credential validity (kept from events)."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, Numeric, String,
                        Table, Text, UniqueConstraint, false)

from banzu_common.account_replica import add_account_table
from banzu_common.audit import add_audit_table
from banzu_common.credential_replica import add_credential_copy_table
from banzu_common.db import Instant
from banzu_common.directory_replica import add_directory_tables
from banzu_common.messaging.tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)
audit_log = add_audit_table(metadata)
directory_teams, directory_workers, directory_occupations = add_directory_tables(metadata)
account_versions = add_account_table(metadata)  # the accounts' token versions, for the token check

ID = String(36)  # uuid4 text
CODE = String(40)
# Scores keep up to 4 decimals exactly (the API refuses more); totals and percentages are stored as presented.
SCORE = Numeric(14, 4)
PRESENTED = Numeric(7, 2)

contests = Table(
    "contests", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("occupation", String(100), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("settings", JSON, nullable=False),  # ContestSettings.to_dict()
    Column("published_on", Date),
    Column("cancel_reason", Text),
    Column("cancelled_at", Instant()),
    Column("created_at", Instant(), nullable=False),
    Column("created_by", String(80)),
    Index("ix_contests_starts_on", "starts_on"),
)

judges = Table(
    "judges", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("organization", String(200), nullable=False),
    Column("username", String(80), unique=True),  # the user account that scores as this judge
    Column("conflict_teams", JSON, nullable=False),
    Column("conflict_workers", JSON, nullable=False),
    Column("created_at", Instant(), nullable=False),
)

assignments = Table(
    "assignments", metadata,
    Column("contest_id", ID, ForeignKey("contests.id"), primary_key=True),
    Column("judge_id", ID, ForeignKey("judges.id"), primary_key=True),
    Column("segment", CODE, primary_key=True),
    # Set when the judge was withdrawn from the segment of a running contest (their scores there stop counting).
    Column("withdrawn_at", Instant()),
    Column("withdrawn_by", String(80)),
    Column("withdraw_reason", Text),
)

contestants = Table(
    "contestants", metadata,
    Column("contest_id", ID, ForeignKey("contests.id"), primary_key=True),
    Column("employee_no", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("team_code", String(40), nullable=False),
    Column("company", String(200), nullable=False),
    Column("grade", String(40), nullable=False),
    Column("bib", Integer),  # drawn when the contest starts
    Column("registered_at", Instant(), nullable=False),
    Column("status", String(20), nullable=False, server_default="registered"),  # registered|withdrawn|absent
    Column("status_reason", Text),
    Column("status_changed_at", Instant()),
    UniqueConstraint("contest_id", "bib", name="uq_contestants_bib"),
)

# `slot` makes "one score per slot" a unique key: the judge id on judgement segments, and the
# constant MEASUREMENT_SLOT on measurement segments, which hold one score whoever entered it.
scores = Table(
    "scores", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contest_id", ID, ForeignKey("contests.id"), nullable=False),
    Column("segment", CODE, nullable=False),
    Column("employee_no", String(40), nullable=False),
    Column("slot", String(40), nullable=False),
    Column("bib", Integer, nullable=False),
    Column("judge_id", ID),  # None: entered by the organizer
    Column("value", SCORE, nullable=False),
    Column("entered_by", String(80), nullable=False),
    Column("entered_at", Instant(), nullable=False),
    Column("withdrawn", Boolean, nullable=False, server_default=false()),  # its judge left the segment
    UniqueConstraint("contest_id", "segment", "employee_no", "slot", name="uq_scores_slot"),
)
MEASUREMENT_SLOT = "measurement"

score_changes = Table(
    "score_changes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contest_id", ID, ForeignKey("contests.id"), nullable=False),
    Column("segment", CODE, nullable=False),
    Column("employee_no", String(40), nullable=False),
    Column("bib", Integer, nullable=False),
    Column("judge_id", ID),
    Column("changed_by", String(80), nullable=False),
    Column("changed_at", Instant(), nullable=False),
    Column("old_value", SCORE),
    Column("new_value", SCORE, nullable=False),
    Column("reason", Text),
    Index("ix_score_changes_contest", "contest_id", "id"),
)

signoffs = Table(
    "signoffs", metadata,
    Column("contest_id", ID, ForeignKey("contests.id"), primary_key=True),
    Column("judge_id", ID, primary_key=True),
    Column("segment", CODE, primary_key=True),
    Column("signed_at", Instant(), nullable=False),
)

spread_flags = Table(
    "spread_flags", metadata,
    Column("contest_id", ID, ForeignKey("contests.id"), primary_key=True),
    Column("segment", CODE, primary_key=True),
    Column("employee_no", String(40), primary_key=True),
    Column("spread", SCORE, nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", Text),
    Column("resolved_by", String(80)),
    Column("resolved_at", Instant()),
)

results = Table(
    "results", metadata,
    Column("contest_id", ID, ForeignKey("contests.id"), primary_key=True),
    Column("employee_no", String(40), primary_key=True),
    Column("rank", Integer),  # None for an absent contestant
    Column("name", String(200), nullable=False),
    Column("team_code", String(40), nullable=False),
    Column("bib", Integer),
    Column("total", PRESENTED),
    Column("status", String(20), nullable=False, server_default="ranked"),  # ranked | absent
    Column("segments", JSON, nullable=False),  # segment code -> presented percentage, as text
    Column("prize", String(10)),
    Column("from_grade", String(40)),
    Column("to_grade", String(40)),
    Column("promotion_withheld", String(20)),  # at_cap
    Index("ix_results_rank", "contest_id", "rank", "employee_no"),
)

# What decides whether a credential counts for eligibility, kept from the credentials events.
credential_copies = add_credential_copy_table(metadata)
