"""One live (active or paused) match per referral, enforced by a partial unique index.

Revision ID: 7c2e4a1b9d03
Revises: 0d80e482bf31
Create Date: 2026-11-22 19:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7c2e4a1b9d03"
down_revision = "0d80e482bf31"
branch_labels = None
depends_on = None

LIVE = sa.text("status IN ('active', 'paused')")


def upgrade():
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.create_index(
            "uq_matches_one_live_per_referral",
            ["referral_id"],
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        )


def downgrade():
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_index("uq_matches_one_live_per_referral")
