"""Matching weights: each adopted version of the matcher's soft-signal weights.

Revision ID: c4e8a1f6d2b9
Revises: 46971a2f6569
Create Date: 2026-11-26 01:00:00

Reviewed: a new table only; rows are appended, never changed. The downgrade drops it (the
matcher then uses the library's defaults again).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c4e8a1f6d2b9"
down_revision = "46971a2f6569"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "matching_weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum("learned", "defaults", name="weightssource", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("matches_used", sa.Integer(), nullable=False),
        sa.Column("adopted_by_id", sa.Integer(), nullable=True),
        sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["adopted_by_id"],
            ["users.id"],
            name=op.f("fk_matching_weights_adopted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_weights")),
    )


def downgrade():
    op.drop_table("matching_weights")
