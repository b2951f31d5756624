"""Screening decisions: rejected and on hold (with a look-again date), and why an application ended.

Revision ID: 5c1e8f2a9d04
Revises: 5885906a495a
Create Date: 2026-11-26 02:05:00

Reviewed: new nullable columns (no backfill: nobody has been rejected or put on hold yet). The
status column is a plain VARCHAR(40) without a CHECK constraint (enum_type, native_enum=False),
so the two new statuses need no change to it. batch_alter_table keeps SQLite working.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e8f2a9d04'
down_revision = '5885906a495a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('on_hold_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('decision_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_volunteers_on_hold_until'), ['on_hold_until'], unique=False)


def downgrade():
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteers_on_hold_until'))
        batch_op.drop_column('decision_note')
        batch_op.drop_column('end_reason')
        batch_op.drop_column('on_hold_until')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('rejected_at')
