"""initial schema

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa

from banzu_common.directory_replica import create_directory_tables, drop_directory_tables
from banzu_common.messaging.tables import create_messaging_tables, drop_messaging_tables


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op)
    create_directory_tables(op)
    op.create_table('credential_notices',
    sa.Column('credential_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('type_code', sa.String(length=50), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('credential_id', 'kind', 'threshold')
    )
    op.create_table('credential_types',
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('validity_months', sa.Integer(), nullable=True),
    sa.Column('review_months', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('credential_type_reminders',
    sa.Column('type_code', sa.String(length=50), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['type_code'], ['credential_types.code'], ),
    sa.PrimaryKeyConstraint('type_code', 'days')
    )
    op.create_table('credentials',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('type_code', sa.String(length=50), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('verification_code', sa.String(length=16), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('superseded_by', sa.String(length=36), nullable=True),
    sa.Column('grade', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['type_code'], ['credential_types.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number', name='uq_credentials_number')
    )
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credentials_employee_no'), ['employee_no'], unique=False)
        batch_op.create_index('ix_credentials_in_force_expiry', ['expires_on'], unique=False, postgresql_where=sa.text('revoked_on IS NULL AND superseded_by IS NULL'), sqlite_where=sa.text('revoked_on IS NULL AND superseded_by IS NULL'))

    op.create_table('occupation_requirements',
    sa.Column('occupation', sa.String(length=100), nullable=False),
    sa.Column('type_code', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['type_code'], ['credential_types.code'], ),
    sa.PrimaryKeyConstraint('occupation', 'type_code')
    )
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('credential_id', sa.String(length=36), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['credential_id'], ['credentials.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_credential_id'), ['credential_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_credential_id'))

    op.drop_table('reviews')
    op.drop_table('occupation_requirements')
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index('ix_credentials_in_force_expiry', postgresql_where=sa.text('revoked_on IS NULL AND superseded_by IS NULL'), sqlite_where=sa.text('revoked_on IS NULL AND superseded_by IS NULL'))
        batch_op.drop_index(batch_op.f('ix_credentials_employee_no'))

    op.drop_table('credentials')
    op.drop_table('credential_type_reminders')
    op.drop_table('credential_types')
    op.drop_table('credential_notices')
    drop_directory_tables(op)
    drop_messaging_tables(op)
