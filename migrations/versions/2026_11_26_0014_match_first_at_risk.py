"""The first day a match was found at risk, so the knowledge bank can ask whether early
warning came before early endings.

Revision ID: a7c2e41f9b03
Revises: a18c2d7e4f90
Create Date: 2026-11-26 02:20:00

Reviewed: one nullable date column; existing matches have no recorded flag (the page says so).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c2e41f9b03'
down_revision = 'a18c2d7e4f90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_at_risk_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('first_at_risk_on')
