"""The young people's own place: one-time sign-in, club activities, check-ins, signals,
contact exchanges, and the link from a young person to their account.

Revision ID: 46971a2f6569
Revises: aa1646258621
Create Date: 2026-11-26 00:36:30

Reviewed: new tables and one nullable column (no server default needed); the check constraint
keeps an approved club activity from ever lacking a host; the downgrade drops it all.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '46971a2f6569'
down_revision = "aa1646258621"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('young_sign_in_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('sign_in', 'invitation', name='signinpurpose', native_enum=False, length=40), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('wrong_codes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_young_sign_in_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_sign_in_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_young_sign_in_tokens_token_hash'))
    )
    with op.batch_alter_table('young_sign_in_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_sign_in_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('club_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('film_night', 'football', 'game_night', 'talk', 'other', name='activitykind', native_enum=False, length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'approved', 'rejected', 'withdrawn', name='activitystatus', native_enum=False, length=40), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'approved' OR host_id IS NOT NULL", name=op.f('ck_club_activities_approved_has_host')),
    sa.CheckConstraint('places >= 1', name=op.f('ck_club_activities_places_positive')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_club_activities_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_club_activities_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_id'], ['users.id'], name=op.f('fk_club_activities_host_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['young_people.id'], name=op.f('fk_club_activities_proposed_by_id_young_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_club_activities')),
    sa.UniqueConstraint('event_id', name=op.f('uq_club_activities_event_id'))
    )
    with op.batch_alter_table('club_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_club_activities_proposed_by_id'), ['proposed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_club_activities_status'), ['status'], unique=False)

    op.create_table('friend_contact_exchanges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('friend_a_yes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('friend_b_yes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_friend_contact_exchanges_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_friend_contact_exchanges_match_id_matches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_friend_contact_exchanges')),
    sa.UniqueConstraint('match_id', name=op.f('uq_friend_contact_exchanges_match_id'))
    )
    op.create_table('young_check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=True),
    sa.Column('given_by', sa.Enum('young_person', 'custody_holder', name='checkingiver', native_enum=False, length=40), nullable=False),
    sa.Column('how_was_it', sa.Integer(), nullable=False),
    sa.Column('together_well', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('how_was_it BETWEEN 1 AND 3', name=op.f('ck_young_check_ins_how_was_it_range')),
    sa.CheckConstraint('together_well BETWEEN 1 AND 3', name=op.f('ck_young_check_ins_together_well_range')),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_young_check_ins_match_id_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_people.id'], name=op.f('fk_young_check_ins_young_person_id_young_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_check_ins'))
    )
    with op.batch_alter_table('young_check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_check_ins_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_young_check_ins_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_young_check_ins_young_person_id'), ['young_person_id'], unique=False)

    op.create_table('young_signals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('wants_to_stop', 'worried', name='signalkind', native_enum=False, length=40), nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_young_signals_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_young_signals_match_id_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_people.id'], name=op.f('fk_young_signals_young_person_id_young_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_signals'))
    )
    with op.batch_alter_table('young_signals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_signals_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_young_signals_young_person_id'), ['young_person_id'], unique=False)

    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_young_people_user_id'), ['user_id'])
        batch_op.create_foreign_key(batch_op.f('fk_young_people_user_id_users'), 'users', ['user_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_young_people_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_young_people_user_id'), type_='unique')
        batch_op.drop_column('user_id')

    with op.batch_alter_table('young_signals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_young_signals_young_person_id'))
        batch_op.drop_index(batch_op.f('ix_young_signals_match_id'))

    op.drop_table('young_signals')
    with op.batch_alter_table('young_check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_young_check_ins_young_person_id'))
        batch_op.drop_index(batch_op.f('ix_young_check_ins_match_id'))
        batch_op.drop_index(batch_op.f('ix_young_check_ins_created_at'))

    op.drop_table('young_check_ins')
    op.drop_table('friend_contact_exchanges')
    with op.batch_alter_table('club_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_club_activities_status'))
        batch_op.drop_index(batch_op.f('ix_club_activities_proposed_by_id'))

    op.drop_table('club_activities')
    with op.batch_alter_table('young_sign_in_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_young_sign_in_tokens_user_id'))

    op.drop_table('young_sign_in_tokens')
