"""the credential copy of the shared library: same columns, the shared name

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index('ix_credentials_employee_no')
    op.rename_table('credentials', 'credential_copies')
    with op.batch_alter_table('credential_copies', schema=None) as batch_op:
        batch_op.create_index('ix_credential_copies_employee_no', ['employee_no'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('credential_copies', schema=None) as batch_op:
        batch_op.drop_index('ix_credential_copies_employee_no')
    op.rename_table('credential_copies', 'credentials')
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.create_index('ix_credentials_employee_no', ['employee_no'], unique=False)
