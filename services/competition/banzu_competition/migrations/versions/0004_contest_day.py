"""contest day: cancelled contests, withdrawn judges and contestants, absent contestants in results

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contests') as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('assignments') as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('withdraw_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('contestants') as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='registered'))
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('scores') as batch_op:
        batch_op.add_column(sa.Column('withdrawn', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('results') as batch_op:
        batch_op.alter_column('rank', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('total', existing_type=sa.Numeric(7, 2), nullable=True)
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='ranked'))
        batch_op.add_column(sa.Column('promotion_withheld', sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM results WHERE status <> 'ranked'")
    with op.batch_alter_table('results') as batch_op:
        batch_op.drop_column('promotion_withheld')
        batch_op.drop_column('status')
        batch_op.alter_column('total', existing_type=sa.Numeric(7, 2), nullable=False)
        batch_op.alter_column('rank', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('scores') as batch_op:
        batch_op.drop_column('withdrawn')
    with op.batch_alter_table('contestants') as batch_op:
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('status')
    with op.batch_alter_table('assignments') as batch_op:
        batch_op.drop_column('withdraw_reason')
        batch_op.drop_column('withdrawn_by')
        batch_op.drop_column('withdrawn_at')
    with op.batch_alter_table('contests') as batch_op:
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('cancel_reason')
