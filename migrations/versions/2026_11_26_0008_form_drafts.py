"""Form drafts: what was typed, kept between the sign-up's steps and after an expired session.

Revision ID: aa1646258621
Revises: d37a3584693a
Create Date: 2026-11-26 00:42:13

Reviewed: a new table only; the downgrade drops it (drafts live a day at most).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "aa1646258621"
down_revision = "d37a3584693a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=500), server_default='', nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('steps_done', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_form_drafts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_drafts')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_form_drafts_token_hash'))
    )
    with op.batch_alter_table('form_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_drafts_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_drafts_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('form_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_drafts_user_id'))
        batch_op.drop_index(batch_op.f('ix_form_drafts_updated_at'))

    op.drop_table('form_drafts')
