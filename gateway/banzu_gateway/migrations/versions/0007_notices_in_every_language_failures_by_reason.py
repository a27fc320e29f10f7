"""notices keep their words in every language, so a page shows them in its own; a delivery keeps
why its last attempt failed as a reason the pages translate

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notices", sa.Column("texts", sa.Text(), nullable=True))
    op.add_column("deliveries", sa.Column("last_error_reason", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("last_error_reason")
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("texts")
