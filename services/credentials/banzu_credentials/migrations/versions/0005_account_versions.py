"""the copy of the accounts' token versions, against which the service checks every token (R17)

Revision ID: 0005
Revises: 0004
"""
from alembic import op

from banzu_common.account_replica import create_account_table, drop_account_table

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_account_table(op)


def downgrade() -> None:
    drop_account_table(op)
