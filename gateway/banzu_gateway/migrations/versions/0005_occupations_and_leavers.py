"""the occupation catalogue (every code the directory already uses becomes an entry named by its code,
until HR names it) and workers who left

Revision ID: 0005
Revises: 0004
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from banzu_common.db import Instant

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workers", sa.Column("status", sa.String(10), nullable=False, server_default="active"))
    op.add_column("workers", sa.Column("left_on", sa.Date()))
    op.add_column("workers", sa.Column("left_reason", sa.String(500)))
    op.create_index("ix_workers_status", "workers", ["status"])
    occupations = op.create_table(
        "occupations",
        sa.Column("code", sa.String(100), primary_key=True),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("updated_at", Instant(), nullable=False),
    )
    bind = op.get_bind()
    codes = bind.execute(sa.text("SELECT DISTINCT occupation FROM workers")).scalars().all()
    now = datetime.now(timezone.utc)
    if codes:
        bind.execute(occupations.insert(), [{"code": code, "name_zh": code, "name_en": code, "updated_at": now}
                                            for code in sorted(codes)])


def downgrade() -> None:
    op.drop_table("occupations")
    op.drop_index("ix_workers_status", "workers")
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("left_reason")
        batch.drop_column("left_on")
        batch.drop_column("status")
