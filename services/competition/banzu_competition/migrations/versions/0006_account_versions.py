"""the copy of the accounts' token versions, against which the service checks every token (R17)

Revision ID: 0006
Revises: 0005
"""
from alembic import op

from banzu_common.account_replica import create_account_table, drop_account_table

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_account_table(op)


def downgrade() -> None:
    drop_account_table(op)
