"""the four default credential types of domain.md

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Written out rather than imported from the domain: a migration must keep meaning what it meant
# when it was written.
TYPES = [
    {"code": "special_operation", "name_zh": "特种作业操作证", "name_en": "Special operation certificate",
     "validity_months": 72, "review_months": 36, "reminder_days": (90, 30, 7)},
    {"code": "special_equipment", "name_zh": "特种设备作业人员证", "name_en": "Special equipment operator certificate",
     "validity_months": 48, "review_months": None, "reminder_days": (90, 30, 7)},
    {"code": "skill_level", "name_zh": "职业技能等级证书", "name_en": "Vocational skill level certificate",
     "validity_months": None, "review_months": None, "reminder_days": ()},
    {"code": "post_qualification", "name_zh": "上岗证", "name_en": "Post qualification (internal)",
     "validity_months": 24, "review_months": None, "reminder_days": (30, 7)},
]

credential_types = sa.table(
    "credential_types", sa.column("code", sa.String), sa.column("name_zh", sa.String), sa.column("name_en", sa.String),
    sa.column("validity_months", sa.Integer), sa.column("review_months", sa.Integer))
reminders = sa.table("credential_type_reminders", sa.column("type_code", sa.String), sa.column("days", sa.Integer))


def upgrade() -> None:
    op.bulk_insert(credential_types, [{k: v for k, v in t.items() if k != "reminder_days"} for t in TYPES])
    op.bulk_insert(reminders, [{"type_code": t["code"], "days": d} for t in TYPES for d in t["reminder_days"]])


def downgrade() -> None:
    codes = [t["code"] for t in TYPES]
    op.execute(reminders.delete().where(reminders.c.type_code.in_(codes)))
    op.execute(credential_types.delete().where(credential_types.c.code.in_(codes)))
