"""The gateway's own database: users, sign-in throttling, the directory, promotions and the ledger."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, Numeric, String, Table,
                        Text, UniqueConstraint, text, true)

from banzu_common.messaging.tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)

users = Table(
    "users", metadata,
    Column("username", String(80), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("roles", String(200), nullable=False),  # space-separated role codes
    Column("employee_no", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80)),
    Column("email", String(200)),
    Column("language", String(5), nullable=False, server_default="zh"),
    Column("active", Boolean, nullable=False, server_default=true()),
    # Raised whenever the account's roles, link, password or active flag change: tokens carrying an
    # older version are refused, so a deactivated account or a changed password ends old sign-ins.
    Column("token_version", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", DateTime(timezone=True)),
)

sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("subject", String(120), primary_key=True),  # "user:<name>" or "ip:<address>"
    Column("failures", Integer, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True)),
)

teams = Table(
    "teams", metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("company", String(200), nullable=False),
    Column("workshop", String(200)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("leader", String(40)),  # employee number of one of the team's members (班组长), or none
)

workers = Table(
    "workers", metadata,
    Column("employee_no", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("team_code", String(40), ForeignKey("teams.code"), nullable=False, index=True),
    Column("occupation", String(100), nullable=False, index=True),
    Column("grade", String(40), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Which team a worker belonged to since when: the ledger credits the team of that moment.
memberships = Table(
    "memberships", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("employee_no", String(40), nullable=False),
    Column("team_code", String(40), nullable=False),
    Column("since", Date, nullable=False),
    Index("ix_memberships_worker", "employee_no", "since"),
)

promotions = Table(
    "promotions", metadata,
    Column("promotion_id", String(80), primary_key=True),
    Column("employee_no", String(40), nullable=False),
    Column("name", String(200)),
    Column("team_code", String(40), nullable=False),
    Column("team_name", String(200)),
    Column("occupation", String(100)),
    Column("from_grade", String(40), nullable=False),
    Column("to_grade", String(40), nullable=False),
    Column("source", String(20), nullable=False),
    Column("source_id", String(80)),
    Column("source_name", String(200)),
    Column("effective_on", Date, nullable=False),
    Index("ix_promotions_effective", "effective_on"),
    Index("ix_promotions_team", "team_code", "effective_on"),
)

ledger_entries = Table(
    "ledger_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(160), nullable=False),
    Column("team_code", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("points", Numeric(8, 2), nullable=False),
    Column("employee_no", String(40), nullable=False),
    Column("on", Date, nullable=False),
    Column("note", Text),
    UniqueConstraint("ref", name="uq_ledger_ref"),
    Index("ix_ledger_team_on", "team_code", "on"),
)
