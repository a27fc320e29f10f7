"""Open Badges: the status-list bits of the badges given out, and the contest prizes they attest

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

from banzu_common.db import Instant

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "badge_statuses",
        sa.Column("subject", sa.String(80), primary_key=True),
        sa.Column("list_no", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revoked_at", Instant()),
        sa.Column("created_at", Instant(), nullable=False),
        sa.UniqueConstraint("list_no", "position", name="uq_badge_statuses_bit"),
    )
    op.create_table(
        "prizes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("contest_id", sa.String(64), nullable=False),
        sa.Column("contest_name", sa.String(200), nullable=False),
        sa.Column("occupation", sa.String(100), nullable=False),
        sa.Column("employee_no", sa.String(64), nullable=False),
        sa.Column("team_code", sa.String(40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("prize", sa.String(10), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("contest_id", "employee_no", name="uq_prizes_contest_worker"),
    )
    op.create_index("ix_prizes_employee_no", "prizes", ["employee_no"])


def downgrade() -> None:
    op.drop_index("ix_prizes_employee_no", "prizes")
    op.drop_table("prizes")
    op.drop_table("badge_statuses")
