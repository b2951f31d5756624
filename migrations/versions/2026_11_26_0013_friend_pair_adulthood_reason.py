"""The coordinator's written reason for a friend pair across the age of 18.

Revision ID: a18c2d7e4f90
Revises: 5c1e8f2a9d04
Create Date: 2026-11-26 02:15:00

Reviewed: one nullable text column on matches (only friend pairs across 18 fill it), so existing
rows need no default; the downgrade drops it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a18c2d7e4f90'
down_revision = '5c1e8f2a9d04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adulthood_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('adulthood_reason')
