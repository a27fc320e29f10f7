"""the audit trail

Revision ID: 0004
Revises: 0003
"""
from alembic import op

from banzu_common.audit import create_audit_table, drop_audit_table

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op)


def downgrade() -> None:
    drop_audit_table(op)
