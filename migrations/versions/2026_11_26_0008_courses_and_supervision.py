"""Courses (introduction, themes) and group supervision sessions, with volunteers' sign-ups.

Revision ID: 92aa2108cb5b
Revises: c4e8a1f6d2b9
Create Date: 2026-11-26 00:36:41

Reviewed: two new tables; the boolean default is sa.false() (PostgreSQL refuses DEFAULT 0 on a
boolean); the downgrade drops both tables.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '92aa2108cb5b'
down_revision = 'c4e8a1f6d2b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('introduction', 'theme', 'supervision', name='coursekind', native_enum=False, length=40), nullable=False),
    sa.Column('theme', sa.Enum('confidentiality', 'ethics', 'law', 'concern', name='coursetheme', native_enum=False, length=40), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('attendance_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes >= 1', name=op.f('ck_courses_duration_positive')),
    sa.CheckConstraint('places >= 1', name=op.f('ck_courses_places_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_courses_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses'))
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_courses_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_courses_starts_at'), ['starts_at'], unique=False)

    op.create_table('course_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'waitlisted', 'cancelled', name='coursesignupstatus', native_enum=False, length=40), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_signups_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_course_signups_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_signups'))
    )
    with op.batch_alter_table('course_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_signups_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_signups_volunteer_id'), ['volunteer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('course_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_signups_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_course_signups_course_id'))

    op.drop_table('course_signups')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_courses_starts_at'))
        batch_op.drop_index(batch_op.f('ix_courses_kind'))

    op.drop_table('courses')
