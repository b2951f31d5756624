"""Retention: when each record was anonymised; a young person's phone and confirmed e-mail.

Revision ID: 9b3d51e7a2c4
Revises: b7d3f5a9c2e1
Create Date: 2026-11-25 23:00:00

Reviewed: nullable columns only (no server default needed); the downgrade drops them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9b3d51e7a2c4"
down_revision = "b7d3f5a9c2e1"
branch_labels = None
depends_on = None

ANONYMISED = ("volunteers", "young_people", "families", "referrals", "matches")


def upgrade():
    for table in ANONYMISED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("young_people") as batch_op:
        batch_op.add_column(
            sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("phone", sa.String(length=30), nullable=True))


def downgrade():
    with op.batch_alter_table("young_people") as batch_op:
        batch_op.drop_column("phone")
        batch_op.drop_column("email_confirmed_at")
    for table in reversed(ANONYMISED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("anonymised_at")
