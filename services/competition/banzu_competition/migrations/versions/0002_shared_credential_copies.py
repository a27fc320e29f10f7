"""the credential copy of the shared library (status instead of revoked/superseded flags)

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

from banzu_common.credential_replica import create_credential_copy_table, drop_credential_copy_table

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('credential_copies', schema=None) as batch_op:
        batch_op.drop_index('ix_credential_copies_employee_no')
    op.rename_table('credential_copies', 'credential_copies_flags')
    create_credential_copy_table(op)
    op.execute("INSERT INTO credential_copies (credential_id, employee_no, type_code, issued_on, expires_on, status, "
               "changed_at) SELECT credential_id, employee_no, type_code, issued_on, expires_on, "
               "CASE WHEN revoked THEN 'revoked' WHEN superseded THEN 'superseded' ELSE 'valid' END, "
               "CURRENT_TIMESTAMP FROM credential_copies_flags")
    op.drop_table('credential_copies_flags')


def downgrade() -> None:
    op.create_table('credential_copies_flags',
    sa.Column('credential_id', sa.String(length=64), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('type_code', sa.String(length=50), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('credential_id')
    )
    op.execute("INSERT INTO credential_copies_flags SELECT credential_id, employee_no, type_code, issued_on, "
               "expires_on, status = 'revoked', status = 'superseded' FROM credential_copies")
    drop_credential_copy_table(op)
    op.rename_table('credential_copies_flags', 'credential_copies')
    with op.batch_alter_table('credential_copies', schema=None) as batch_op:
        batch_op.create_index('ix_credential_copies_employee_no', ['employee_no'], unique=False)
