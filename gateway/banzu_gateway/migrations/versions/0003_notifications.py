"""notifications: notices, deliveries and their attempts, team robots, the expiry digest

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
    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ref', sa.String(length=220), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=1000), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=80), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref', name='uq_deliveries_ref')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_address_sent', ['address', 'sent_at'], unique=False)
        batch_op.create_index('ix_deliveries_due', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
        batch_op.create_index('ix_deliveries_status', ['status', 'channel', 'id'], unique=False)

    op.create_table('expiry_digest_items',
    sa.Column('credential_id', sa.String(length=80), nullable=False),
    sa.Column('employee_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('team_code', sa.String(length=40), nullable=True),
    sa.Column('type_name_zh', sa.String(length=100), nullable=False),
    sa.Column('type_name_en', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('digest_day', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('credential_id')
    )
    with op.batch_alter_table('expiry_digest_items', schema=None) as batch_op:
        batch_op.create_index('ix_expiry_digest_waiting', ['received_at'], unique=False, postgresql_where=sa.text('digest_day IS NULL'), sqlite_where=sa.text('digest_day IS NULL'))

    op.create_table('expiry_digests',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('notices',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ref', sa.String(length=200), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref', name='uq_notices_ref')
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_unread', ['username'], unique=False, postgresql_where=sa.text('read_at IS NULL'), sqlite_where=sa.text('read_at IS NULL'))
        batch_op.create_index('ix_notices_user', ['username', 'id'], unique=False)

    op.create_table('recertification_sessions',
    sa.Column('credential_id', sa.String(length=80), nullable=False),
    sa.Column('session_id', sa.String(length=40), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('credential_id')
    )
    with op.batch_alter_table('recertification_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recertification_sessions_session_id'), ['session_id'], unique=False)

    op.create_table('delivery_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_attempts_delivery', ['delivery_id', 'id'], unique=False)

    op.create_table('team_robots',
    sa.Column('team_code', sa.String(length=40), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['team_code'], ['teams.code'], ),
    sa.PrimaryKeyConstraint('team_code')
    )


def downgrade() -> None:
    op.drop_table('team_robots')
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_attempts_delivery')

    op.drop_table('delivery_attempts')
    with op.batch_alter_table('recertification_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recertification_sessions_session_id'))

    op.drop_table('recertification_sessions')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_user')
        batch_op.drop_index('ix_notices_unread', postgresql_where=sa.text('read_at IS NULL'), sqlite_where=sa.text('read_at IS NULL'))

    op.drop_table('notices')
    op.drop_table('expiry_digests')
    with op.batch_alter_table('expiry_digest_items', schema=None) as batch_op:
        batch_op.drop_index('ix_expiry_digest_waiting', postgresql_where=sa.text('digest_day IS NULL'), sqlite_where=sa.text('digest_day IS NULL'))

    op.drop_table('expiry_digest_items')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_status')
        batch_op.drop_index('ix_deliveries_due', postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
        batch_op.drop_index('ix_deliveries_address_sent')

    op.drop_table('deliveries')
