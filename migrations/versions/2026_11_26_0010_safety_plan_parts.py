"""The volunteer's part in a family's safety plan, one per match.

Revision ID: ce3bd82dc332
Revises: 1d586335b7fc
Create Date: 2026-11-26 00:51:39

Reviewed: one new table with a unique match id; the downgrade drops it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ce3bd82dc332'
down_revision = '1d586335b7fc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('safety_plan_parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('what_to_do', sa.Text(), nullable=False),
    sa.Column('whom_to_call', sa.Text(), nullable=False),
    sa.Column('when_to_act', sa.Text(), nullable=False),
    sa.Column('needs_review_since', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_safety_plan_parts_match_id_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_safety_plan_parts_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_plan_parts')),
    sa.UniqueConstraint('match_id', name=op.f('uq_safety_plan_parts_match_id'))
    )


def downgrade():
    op.drop_table('safety_plan_parts')
