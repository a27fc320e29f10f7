"""The credentials service's own database: types, credentials, reviews, sent notices, local copies of
the directory, and occupation requirements."""
from __future__ import annotations

from sqlalchemy import (Column, Date, ForeignKey, Index, Integer, MetaData, PrimaryKeyConstraint, String,
                        Table, Text, UniqueConstraint, text)

from banzu_common.account_replica import add_account_table
from banzu_common.audit import add_audit_table
from banzu_common.db import Instant
from banzu_common.directory_replica import add_directory_tables
from banzu_common.messaging.tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)
audit_log = add_audit_table(metadata)

credential_types = Table(
    "credential_types", metadata,
    Column("code", String(50), primary_key=True),
    Column("name_zh", String(100), nullable=False),
    Column("name_en", String(100), nullable=False),
    Column("validity_months", Integer),  # NULL: never expires
    Column("review_months", Integer),  # NULL: no periodic review
)

# One row per reminder day, so the sweep can join a type's thresholds in SQL.
credential_type_reminders = Table(
    "credential_type_reminders", metadata,
    Column("type_code", String(50), ForeignKey("credential_types.code"), nullable=False),
    Column("days", Integer, nullable=False),
    PrimaryKeyConstraint("type_code", "days"),
)

credentials = Table(
    "credentials", metadata,
    Column("id", String(36), primary_key=True),
    Column("employee_no", String(64), nullable=False, index=True),
    Column("type_code", String(50), ForeignKey("credential_types.code"), nullable=False),
    Column("number", String(64), nullable=False),
    Column("issuer", String(200), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("expires_on", Date),
    Column("next_review_on", Date),
    Column("verification_code", String(16), nullable=False),
    Column("revoked_on", Date),
    Column("revoke_reason", Text),
    Column("superseded_by", String(36)),
    Column("grade", String(40)),  # skill_level credentials: the grade they attest
    Column("created_at", Instant(), nullable=False),
    UniqueConstraint("number", name="uq_credentials_number"),
    # The sweep looks only at credentials still in force, by expiry date.
    Index("ix_credentials_in_force_expiry", "expires_on",
          postgresql_where=text("revoked_on IS NULL AND superseded_by IS NULL"),
          sqlite_where=text("revoked_on IS NULL AND superseded_by IS NULL")),
)

reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("credential_id", String(36), ForeignKey("credentials.id"), nullable=False, index=True),
    Column("reviewed_on", Date, nullable=False),
)

# One row per notice sent, with what it said. The key makes a notice unique, so concurrent sweeps
# cannot both send it; `expired` notices have no threshold and store 0 (reminder days start at 1)
# because a key column cannot be NULL. The holder, type and expiry are copied in so the sweep's
# INSERT … RETURNING yields everything its events need; only the sweep writes these rows, from
# credentials, so no foreign key check is paid per row.
credential_notices = Table(
    "credential_notices", metadata,
    Column("credential_id", String(36), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("threshold", Integer, nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("employee_no", String(64), nullable=False),
    Column("type_code", String(50), nullable=False),
    Column("expires_on", Date, nullable=False),
    PrimaryKeyConstraint("credential_id", "kind", "threshold"),
)

# The local copy of the directory (teams and workers), kept from the gateway's events.
teams, workers, occupations = add_directory_tables(metadata)
account_versions = add_account_table(metadata)  # the accounts' token versions, for the token check

occupation_requirements = Table(
    "occupation_requirements", metadata,
    Column("occupation", String(100), nullable=False),
    Column("type_code", String(50), ForeignKey("credential_types.code"), nullable=False),
    PrimaryKeyConstraint("occupation", "type_code"),
)

# Open Badges: one row per certificate or prize that was given a badge, holding its bit in a
# Bitstring Status List (positions are drawn at random, so a list does not tell the order of issue);
# the bit is set (revoked_at) when the certificate is revoked or superseded.
badge_statuses = Table(
    "badge_statuses", metadata,
    Column("subject", String(80), primary_key=True),  # "certificate:<credential id>" | "prize:<prize id>"
    Column("list_no", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("revoked_at", Instant()),
    Column("created_at", Instant(), nullable=False),
    UniqueConstraint("list_no", "position", name="uq_badge_statuses_bit"),
)

# Contest prizes, from the competition's published results: what a prize badge attests.
prizes = Table(
    "prizes", metadata,
    Column("id", String(36), primary_key=True),
    Column("contest_id", String(64), nullable=False),
    Column("contest_name", String(200), nullable=False),
    Column("occupation", String(100), nullable=False),
    Column("employee_no", String(64), nullable=False, index=True),
    Column("team_code", String(40), nullable=False),
    Column("rank", Integer, nullable=False),
    Column("prize", String(10), nullable=False),
    Column("awarded_on", Date, nullable=False),
    UniqueConstraint("contest_id", "employee_no", name="uq_prizes_contest_worker"),
)
