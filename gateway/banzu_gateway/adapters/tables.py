"""The gateway's own database: users, sign-in throttling, the directory, promotions and the ledger."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, Numeric, String, Table,
                        Text, UniqueConstraint, false, text, true)

from banzu_common.audit import add_audit_table
from banzu_common.db import Instant
from banzu_common.messaging.tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)
audit_log = add_audit_table(metadata)

users = Table(
    "users", metadata,
    Column("username", String(80), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("roles", String(200), nullable=False),  # space-separated role codes
    Column("employee_no", String(40)),
    Column("created_at", Instant(), nullable=False),
    Column("created_by", String(80)),
    Column("email", String(200)),
    Column("language", String(5), nullable=False, server_default="zh"),
    Column("active", Boolean, nullable=False, server_default=true()),
    # Raised whenever the account's roles, link, password or active flag change: tokens carrying an
    # older version are refused, so a deactivated account or a changed password ends old sign-ins.
    Column("token_version", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", Instant()),
    # A password an admin set on the pages: its tokens may only change it (403 password_change_required).
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
)

sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("subject", String(120), primary_key=True),  # "user:<name>" or "ip:<address>"
    Column("failures", Integer, nullable=False),
    Column("first_at", Instant(), nullable=False),
    Column("locked_until", Instant()),
)

teams = Table(
    "teams", metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("company", String(200), nullable=False),
    Column("workshop", String(200)),
    Column("updated_at", Instant(), nullable=False),
    Column("leader", String(40)),  # employee number of one of the team's members (班组长), or none
)

workers = Table(
    "workers", metadata,
    Column("employee_no", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("team_code", String(40), ForeignKey("teams.code"), nullable=False, index=True),
    Column("occupation", String(100), nullable=False, index=True),
    Column("grade", String(40), nullable=False),
    Column("updated_at", Instant(), nullable=False),
    # 离职: from left_on the worker is in no team's lists and has no sign-in; the row (history) stays
    Column("status", String(10), nullable=False, server_default="active", index=True),
    Column("left_on", Date),
    Column("left_reason", String(500)),
)

# The occupation catalogue (工种): every occupation a worker, contest, course, programme, mentorship or
# requirement names is one of these; the services keep a copy from its events.
occupations = Table(
    "occupations", metadata,
    Column("code", String(100), primary_key=True),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("updated_at", Instant(), nullable=False),
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

# -- notifications -------------------------------------------------------------------------------------

# One row per (event, account): `ref` names both, so a notice is stored once however often its event
# arrives. The in-product channel; e-mail and robot copies are deliveries.
notices = Table(
    "notices", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(200), nullable=False),
    Column("username", String(80), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("title", String(300), nullable=False),
    Column("body", Text, nullable=False),
    # JSON {language: {title, body}}: the notice in every language, so each page shows it in its own
    # (text, not JSON: the bulk insert sends columns as arrays, which JSON values cannot be).
    Column("texts", Text),
    Column("link", String(300), nullable=False),
    Column("created_at", Instant(), nullable=False),
    Column("read_at", Instant()),
    UniqueConstraint("ref", name="uq_notices_ref"),
    Index("ix_notices_user", "username", "id"),
    # The unread count of the page header: an index of unread notices only.
    Index("ix_notices_unread", "username", postgresql_where=text("read_at IS NULL"),
          sqlite_where=text("read_at IS NULL")),
)

# The outbox of outgoing messages (e-mails, robot posts): written with the notice, sent by
# `banzu-gateway send`. `ref` is unique per (event, recipient, channel); `message_id` is the stable
# id the receiving side sees on every attempt (e-mail Message-ID).
deliveries = Table(
    "deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(220), nullable=False),
    Column("message_id", String(64), nullable=False),
    Column("channel", String(10), nullable=False),  # email | robot
    Column("recipient", String(200), nullable=False),  # user name, or the team's code
    Column("address", String(1000), nullable=False),  # e-mail address or webhook URL
    Column("subject", String(300)),
    Column("body", Text, nullable=False),
    Column("link", String(300)),
    Column("status", String(10), nullable=False),  # pending | sent | failed
    Column("attempts", Integer, nullable=False, server_default=text("0")),  # since it was (re)queued
    Column("next_attempt_at", Instant(), nullable=False),
    Column("claimed_by", String(80)),
    Column("claimed_until", Instant()),
    Column("last_error", Text),
    Column("last_error_reason", String(40)),  # adapters/outgoing.py REASONS
    Column("created_at", Instant(), nullable=False),
    Column("sent_at", Instant()),
    UniqueConstraint("ref", name="uq_deliveries_ref"),
    Index("ix_deliveries_due", "next_attempt_at", postgresql_where=text("status = 'pending'"),
          sqlite_where=text("status = 'pending'")),
    Index("ix_deliveries_status", "status", "channel", "id"),
    Index("ix_deliveries_address_sent", "address", "sent_at"),
)

delivery_attempts = Table(
    "delivery_attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delivery_id", Integer, ForeignKey("deliveries.id"), nullable=False),
    Column("at", Instant(), nullable=False),
    Column("outcome", String(10), nullable=False),  # sent | retry | failed
    Column("error", Text),
    Index("ix_delivery_attempts_delivery", "delivery_id", "id"),
)

# A team group's chat robot (WeCom / DingTalk style webhook). Kept apart from the directory: the
# URL carries the group's secret key and is not part of the team events.
team_robots = Table(
    "team_robots", metadata,
    Column("team_code", String(40), ForeignKey("teams.code"), primary_key=True),
    Column("url", String(1000), nullable=False),
    Column("updated_at", Instant(), nullable=False),
    Column("updated_by", String(80)),
)

# Expired certificates waiting for HR's next daily digest (one row per credential).
expiry_digest_items = Table(
    "expiry_digest_items", metadata,
    Column("credential_id", String(80), primary_key=True),
    Column("employee_no", String(40), nullable=False),
    Column("name", String(200)),
    Column("team_code", String(40)),
    Column("type_name_zh", String(100), nullable=False),
    Column("type_name_en", String(100), nullable=False),
    Column("number", String(64)),
    Column("expires_on", Date, nullable=False),
    Column("received_at", Instant(), nullable=False),
    Column("digest_day", Date),  # the digest that told HR; NULL while waiting
    Index("ix_expiry_digest_waiting", "received_at", postgresql_where=text("digest_day IS NULL"),
          sqlite_where=text("digest_day IS NULL")),
)

# One row per day a digest was made: the key that makes it once a day, whatever runs it.
expiry_digests = Table(
    "expiry_digests", metadata,
    Column("day", Date, primary_key=True),
    Column("items", Integer, nullable=False),
    Column("made_at", Instant(), nullable=False),
)

# Refresher sessions training planned for expiring certificates: an expiry reminder names it.
recertification_sessions = Table(
    "recertification_sessions", metadata,
    Column("credential_id", String(80), primary_key=True),
    Column("session_id", String(40), nullable=False, index=True),
    Column("course_title", String(200), nullable=False),
    Column("starts_at", Instant(), nullable=False),
    Column("ends_at", Instant(), nullable=False),
    Column("location", String(200), nullable=False),
)
