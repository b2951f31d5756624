"""The knowledge library: guides, their versions, and volunteers' acknowledgements.

Revision ID: 1d586335b7fc
Revises: 92aa2108cb5b
Create Date: 2026-11-26 00:44:02

Reviewed: three new tables; the boolean default is sa.false() (PostgreSQL refuses DEFAULT 0);
the downgrade drops them in reverse order.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1d586335b7fc'
down_revision = '92aa2108cb5b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('guides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('requires_acknowledgement', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guides')),
    sa.UniqueConstraint('slug', name=op.f('uq_guides_slug'))
    )
    op.create_table('guide_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guide_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_da', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), server_default='', nullable=False),
    sa.Column('body_da', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), server_default='', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_guide_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['guide_id'], ['guides.id'], name=op.f('fk_guide_versions_guide_id_guides'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_versions')),
    sa.UniqueConstraint('guide_id', 'number', name=op.f('uq_guide_versions_guide_id'))
    )
    with op.batch_alter_table('guide_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_versions_guide_id'), ['guide_id'], unique=False)

    op.create_table('guide_acknowledgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['guide_versions.id'], name=op.f('fk_guide_acknowledgements_version_id_guide_versions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_guide_acknowledgements_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_acknowledgements')),
    sa.UniqueConstraint('version_id', 'volunteer_id', name=op.f('uq_guide_acknowledgements_version_id'))
    )
    with op.batch_alter_table('guide_acknowledgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_acknowledgements_version_id'), ['version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_acknowledgements_volunteer_id'), ['volunteer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('guide_acknowledgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_acknowledgements_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_guide_acknowledgements_version_id'))

    op.drop_table('guide_acknowledgements')
    with op.batch_alter_table('guide_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_versions_guide_id'))

    op.drop_table('guide_versions')
    op.drop_table('guides')
