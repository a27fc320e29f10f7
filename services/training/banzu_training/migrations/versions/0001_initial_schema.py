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
    op.create_table('certification_programs',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('occupation', sa.String(length=64), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('min_hours', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.Column('credential_type', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('certifications',
    sa.Column('certification_id', sa.String(length=36), nullable=False),
    sa.Column('program_code', sa.String(length=64), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('earned_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('certification_id'),
    sa.UniqueConstraint('program_code', 'employee_no', name='uq_certifications_program_worker')
    )
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certifications_employee_no'), ['employee_no'], unique=False)

    op.create_table('courses',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('occupation', sa.String(length=64), nullable=False),
    sa.Column('hours', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('pass_score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('credential_type', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index('ix_courses_refresher', ['kind', 'credential_type'], unique=False)

    op.create_table('credentials',
    sa.Column('credential_id', sa.String(length=80), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('type_code', sa.String(length=64), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('replaced_by', sa.String(length=80), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('credential_id')
    )
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credentials_employee_no'), ['employee_no'], unique=False)

    op.create_table('mentorships',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('mentor', sa.String(length=64), nullable=False),
    sa.Column('apprentice', sa.String(length=64), nullable=False),
    sa.Column('occupation', sa.String(length=64), nullable=False),
    sa.Column('goal_grade', sa.String(length=40), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('achieved_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentorships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorships_apprentice'), ['apprentice'], unique=False)
        batch_op.create_index('ix_mentorships_status_end', ['status', 'ends_on'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team_code', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_hours_per_person', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index('ix_plans_team_year', ['team_code', 'year'], unique=False)

    op.create_table('certification_program_courses',
    sa.Column('program_code', sa.String(length=64), nullable=False),
    sa.Column('course_code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_code'], ['certification_programs.code'], ),
    sa.PrimaryKeyConstraint('program_code', 'course_code')
    )
    with op.batch_alter_table('certification_program_courses', schema=None) as batch_op:
        batch_op.create_index('ix_program_courses_course', ['course_code'], unique=False)

    op.create_table('mentorship_evaluations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentorship_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_evaluations_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('plan_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('course_code', sa.String(length=64), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_items_plan_id'), ['plan_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('course_code', sa.String(length=64), nullable=False),
    sa.Column('trainer', sa.String(length=64), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('utc_offset_seconds', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_code'], ['courses.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_course', ['course_code', 'starts_on'], unique=False)
        batch_op.create_index('ix_sessions_starts_on', ['starts_on'], unique=False)
        batch_op.create_index('ix_sessions_time', ['starts_at', 'ends_at'], unique=False)

    op.create_table('attendance_records',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('course_code', sa.String(length=64), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'employee_no')
    )
    with op.batch_alter_table('attendance_records', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_worker', ['employee_no', 'on'], unique=False)

    op.create_table('enrollments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('arrival', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'employee_no', name='uq_enrollments_session_worker')
    )
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.create_index('ix_enrollments_worker', ['employee_no'], unique=False)

    op.create_table('recertification_cases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('credential_id', sa.String(length=80), nullable=False),
    sa.Column('employee_no', sa.String(length=64), nullable=False),
    sa.Column('type_code', sa.String(length=64), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('credential_id', name='uq_recertification_cases_credential')
    )
    with op.batch_alter_table('recertification_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recertification_cases_employee_no'), ['employee_no'], unique=False)
        batch_op.create_index('ix_recertification_cases_open', ['status', 'type_code', 'expires_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('recertification_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_recertification_cases_open')
        batch_op.drop_index(batch_op.f('ix_recertification_cases_employee_no'))

    op.drop_table('recertification_cases')
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrollments_worker')

    op.drop_table('enrollments')
    with op.batch_alter_table('attendance_records', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_worker')

    op.drop_table('attendance_records')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_time')
        batch_op.drop_index('ix_sessions_starts_on')
        batch_op.drop_index('ix_sessions_course')

    op.drop_table('sessions')
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_items_plan_id'))

    op.drop_table('plan_items')
    with op.batch_alter_table('mentorship_evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentorship_evaluations_mentorship_id'))

    op.drop_table('mentorship_evaluations')
    with op.batch_alter_table('certification_program_courses', schema=None) as batch_op:
        batch_op.drop_index('ix_program_courses_course')

    op.drop_table('certification_program_courses')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index('ix_plans_team_year')

    op.drop_table('plans')
    with op.batch_alter_table('mentorships', schema=None) as batch_op:
        batch_op.drop_index('ix_mentorships_status_end')
        batch_op.drop_index(batch_op.f('ix_mentorships_apprentice'))

    op.drop_table('mentorships')
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credentials_employee_no'))

    op.drop_table('credentials')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index('ix_courses_refresher')

    op.drop_table('courses')
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certifications_employee_no'))

    op.drop_table('certifications')
    op.drop_table('certification_programs')
    drop_directory_tables(op)
    drop_messaging_tables(op)
