"""the occupation catalogue's copy (every code already used becomes an entry named by its code) and
workers who left

Revision ID: 0005
Revises: 0004
"""
from alembic import op

from banzu_common.directory_replica import add_occupations_and_leavers, drop_occupations_and_leavers

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_occupations_and_leavers(op, used=[("contests", "occupation")])


def downgrade() -> None:
    drop_occupations_and_leavers(op)
