"""The leisure-job track: local workplaces, job-search milestones, and information meetings
as a kind of event.

Revision ID: 5885906a495a
Revises: ce3bd82dc332
Create Date: 2026-11-26 00:57:37

Reviewed: two new tables; events.kind is NOT NULL with server default 'general', so existing
events stay ordinary events; the downgrade drops the column and the tables.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5885906a495a'
down_revision = 'ce3bd82dc332'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workplaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=120), nullable=False),
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('offers', sa.JSON(), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'approved', 'rejected', name='workplacestatus', native_enum=False, length=40), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('min_age IS NULL OR min_age BETWEEN 10 AND 30', name=op.f('ck_workplaces_min_age_range')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_workplaces_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_workplaces_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplaces'))
    )
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplaces_status'), ['status'], unique=False)

    op.create_table('job_milestone_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Enum('where_to_work', 'cv_written', 'application_sent', 'interview_prepared', 'interview_evaluated', 'job_started', name='milestonestep', native_enum=False, length=40), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('workplace_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_job_milestone_entries_match_id_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_job_milestone_entries_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplaces.id'], name=op.f('fk_job_milestone_entries_workplace_id_workplaces'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_milestone_entries'))
    )
    with op.batch_alter_table('job_milestone_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_milestone_entries_match_id'), ['match_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('general', 'info_meeting', name='eventkind', native_enum=False, length=40), server_default='general', nullable=False))



def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('kind')

    with op.batch_alter_table('job_milestone_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_milestone_entries_match_id'))

    op.drop_table('job_milestone_entries')
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workplaces_status'))

    op.drop_table('workplaces')
