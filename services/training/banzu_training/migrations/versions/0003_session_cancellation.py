"""a session can be cancelled with a reason; the enrollments it ended are kept

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancellation_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by', sa.String(length=64), nullable=True))
    op.create_table('cancelled_enrollments',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('arrival', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'employee_no')
    )
    with op.batch_alter_table('cancelled_enrollments', schema=None) as batch_op:
        batch_op.create_index('ix_cancelled_enrollments_worker', ['employee_no'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cancelled_enrollments', schema=None) as batch_op:
        batch_op.drop_index('ix_cancelled_enrollments_worker')
    op.drop_table('cancelled_enrollments')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('cancelled_by')
        batch_op.drop_column('cancellation_reason')
        batch_op.drop_column('cancelled_at')
