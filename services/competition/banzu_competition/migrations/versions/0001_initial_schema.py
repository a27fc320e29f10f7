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
    op.create_table('contests',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('occupation', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.create_index('ix_contests_starts_on', ['starts_on'], unique=False)

    op.create_table('credential_copies',
    sa.Column('credential_id', sa.String(length=64), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('type_code', sa.String(length=50), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('credential_id')
    )
    with op.batch_alter_table('credential_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_copies_employee_no'), ['employee_no'], unique=False)

    op.create_table('judges',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=True),
    sa.Column('conflict_teams', sa.JSON(), nullable=False),
    sa.Column('conflict_workers', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('assignments',
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('judge_id', sa.String(length=36), nullable=False),
    sa.Column('segment', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.ForeignKeyConstraint(['judge_id'], ['judges.id'], ),
    sa.PrimaryKeyConstraint('contest_id', 'judge_id', 'segment')
    )
    op.create_table('contestants',
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('employee_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('team_code', sa.String(length=40), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('bib', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.PrimaryKeyConstraint('contest_id', 'employee_no'),
    sa.UniqueConstraint('contest_id', 'bib', name='uq_contestants_bib')
    )
    op.create_table('results',
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('employee_no', sa.String(length=40), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('team_code', sa.String(length=40), nullable=False),
    sa.Column('bib', sa.Integer(), nullable=True),
    sa.Column('total', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('segments', sa.JSON(), nullable=False),
    sa.Column('prize', sa.String(length=10), nullable=True),
    sa.Column('from_grade', sa.String(length=40), nullable=True),
    sa.Column('to_grade', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.PrimaryKeyConstraint('contest_id', 'employee_no')
    )
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.create_index('ix_results_rank', ['contest_id', 'rank', 'employee_no'], unique=False)

    op.create_table('score_changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('segment', sa.String(length=40), nullable=False),
    sa.Column('employee_no', sa.String(length=40), nullable=False),
    sa.Column('bib', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.String(length=36), nullable=True),
    sa.Column('changed_by', sa.String(length=80), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('old_value', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('new_value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('score_changes', schema=None) as batch_op:
        batch_op.create_index('ix_score_changes_contest', ['contest_id', 'id'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('segment', sa.String(length=40), nullable=False),
    sa.Column('employee_no', sa.String(length=40), nullable=False),
    sa.Column('slot', sa.String(length=40), nullable=False),
    sa.Column('bib', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.String(length=36), nullable=True),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('entered_by', sa.String(length=80), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'segment', 'employee_no', 'slot', name='uq_scores_slot')
    )
    op.create_table('signoffs',
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('judge_id', sa.String(length=36), nullable=False),
    sa.Column('segment', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.PrimaryKeyConstraint('contest_id', 'judge_id', 'segment')
    )
    op.create_table('spread_flags',
    sa.Column('contest_id', sa.String(length=36), nullable=False),
    sa.Column('segment', sa.String(length=40), nullable=False),
    sa.Column('employee_no', sa.String(length=40), nullable=False),
    sa.Column('spread', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('resolved_by', sa.String(length=80), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], ),
    sa.PrimaryKeyConstraint('contest_id', 'segment', 'employee_no')
    )


def downgrade() -> None:
    op.drop_table('spread_flags')
    op.drop_table('signoffs')
    op.drop_table('scores')
    with op.batch_alter_table('score_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_score_changes_contest')

    op.drop_table('score_changes')
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_index('ix_results_rank')

    op.drop_table('results')
    op.drop_table('contestants')
    op.drop_table('assignments')
    op.drop_table('judges')
    with op.batch_alter_table('credential_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_copies_employee_no'))

    op.drop_table('credential_copies')
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.drop_index('ix_contests_starts_on')

    op.drop_table('contests')
    drop_directory_tables(op)
    drop_messaging_tables(op)
