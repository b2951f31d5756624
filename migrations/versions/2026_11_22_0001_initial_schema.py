"""Initial schema: the whole domain (accounts, volunteers, screening, referrals, matches, follow-up, catalogue, events, audit).

Revision ID: 0d80e482bf31
Revises: 
Create Date: 2026-11-22 19:41:48.879196

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0d80e482bf31'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('families',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('volunteer_gender_wish', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=40), nullable=True),
    sa.Column('about', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_families'))
    )
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_families_postcode'), ['postcode'], unique=False)

    op.create_table('partner_organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('match_types', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_partner_organisations_name'))
    )
    op.create_table('family_children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_children_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_children'))
    )
    with op.batch_alter_table('family_children', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_children_family_id'), ['family_id'], unique=False)

    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('committee', sa.String(length=120), nullable=True),
    sa.Column('segment', sa.String(length=120), nullable=True),
    sa.Column('main_effort', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('target_group', sa.String(length=200), server_default='', nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('for_parents', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('for_professionals', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('area', sa.String(length=120), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['partner_organisations.id'], name=op.f('fk_offers_provider_id_partner_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_offers_provider_id'), ['provider_id'], unique=False)

    op.create_table('partnership_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('organisation_role', sa.Text(), server_default='', nullable=False),
    sa.Column('unit_role', sa.Text(), server_default='', nullable=False),
    sa.Column('contact_points', sa.Text(), server_default='', nullable=False),
    sa.Column('document_reference', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['partner_organisations.id'], name=op.f('fk_partnership_agreements_organisation_id_partner_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_agreements'))
    )
    with op.batch_alter_table('partnership_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_agreements_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('admin', 'coordinator', 'caseworker', 'volunteer', 'organisation_contact', name='role', native_enum=False, length=40), nullable=False),
    sa.Column('locale', sa.String(length=5), server_default='da', nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['partner_organisations.id'], name=op.f('fk_users_organisation_id_partner_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), server_default='', nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('subject_type', sa.String(length=60), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('ip_address', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_subject', ['subject_type', 'subject_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('places >= 1', name=op.f('ck_events_places_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_starts_at'), ['starts_at'], unique=False)

    op.create_table('volunteers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('person', 'family', name='volunteerkind', native_enum=False, length=40), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.Column('gender', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=40), nullable=True),
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('interests_other', sa.String(length=500), server_default='', nullable=False),
    sa.Column('helps_with', sa.JSON(), nullable=False),
    sa.Column('offers', sa.JSON(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('capacity', sa.Integer(), server_default='1', nullable=False),
    sa.Column('lived_experience', sa.JSON(), nullable=False),
    sa.Column('about', sa.Text(), server_default='', nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('applicant', 'in_screening', 'approved', 'paused', 'ended', name='volunteerstatus', native_enum=False, length=40), nullable=False),
    sa.Column('paused_until', sa.Date(), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('privacy_consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('privacy_consent_version', sa.String(length=20), nullable=True),
    sa.Column('calendar_token', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_volunteers_capacity_not_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['partner_organisations.id'], name=op.f('fk_volunteers_organisation_id_partner_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteers_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_volunteers_calendar_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_volunteers_user_id'))
    )
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteers_postcode'), ['postcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteers_status'), ['status'], unique=False)

    op.create_table('young_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.Column('gender', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=40), nullable=True),
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phase', sa.Enum('before', 'during', 'after', name='phase', native_enum=False, length=40), nullable=True),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('volunteer_gender_wish', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=40), nullable=True),
    sa.Column('friend_gender_wish', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=40), nullable=True),
    sa.Column('about', sa.Text(), server_default='', nullable=False),
    sa.Column('friend_bank_status', sa.Enum('pending', 'verified', 'left', name='friendbankstatus', native_enum=False, length=40), nullable=True),
    sa.Column('signup_source', sa.Enum('self', 'caseworker', name='signupsource', native_enum=False, length=40), nullable=True),
    sa.Column('signed_up_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['signed_up_by_id'], ['users.id'], name=op.f('fk_young_people_signed_up_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_young_people_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_people'))
    )
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_people_friend_bank_status'), ['friend_bank_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_young_people_postcode'), ['postcode'], unique=False)

    op.create_table('event_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=True),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('registered', 'waitlisted', 'cancelled', name='signupstatus', native_enum=False, length=40), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('signed_up_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_signups_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signed_up_by_id'], ['users.id'], name=op.f('fk_event_signups_signed_up_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_event_signups_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_people.id'], name=op.f('fk_event_signups_young_person_id_young_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_signups'))
    )
    with op.batch_alter_table('event_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_signups_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signups_volunteer_id'), ['volunteer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signups_young_person_id'), ['young_person_id'], unique=False)

    op.create_table('household_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_household_members_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_members'))
    )
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_members_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('caseworker_id', sa.Integer(), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=True),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('phase', sa.Enum('before', 'during', 'after', name='phase', native_enum=False, length=40), nullable=False),
    sa.Column('match_type', sa.Enum('mentor', 'young_to_young', 'parent_to_parent', 'family_to_family', 'practical_help', 'leisure_job', 'friend_bank', name='matchtype', native_enum=False, length=40), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'in_progress', 'matched', 'closed', 'withdrawn', name='referralstatus', native_enum=False, length=40), nullable=False),
    sa.Column('description_for_volunteer', sa.Text(), server_default='', nullable=False),
    sa.Column('case_notes', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(young_person_id IS NULL) <> (family_id IS NULL)', name=op.f('ck_referrals_one_seeker')),
    sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_referrals_caseworker_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_referrals_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_people.id'], name=op.f('fk_referrals_young_person_id_young_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_young_person_id'), ['young_person_id'], unique=False)

    op.create_table('screening_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Enum('interview', 'references', 'confidentiality', 'child_certificate', 'training', name='screeningstepkind', native_enum=False, length=40), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_screening_steps_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_screening_steps_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_steps')),
    sa.UniqueConstraint('volunteer_id', 'step', name=op.f('uq_screening_steps_volunteer_id'))
    )
    with op.batch_alter_table('screening_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_steps_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('child_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('household_member_id', sa.Integer(), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('assessment', sa.Enum('no_remarks', 'remarks_suitable', 'not_suitable', name='certificateassessment', native_enum=False, length=40), nullable=True),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_member_id'], ['household_members.id'], name=op.f('fk_child_certificates_household_member_id_household_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_child_certificates_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_child_certificates_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_certificates'))
    )
    with op.batch_alter_table('child_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_certificates_household_member_id'), ['household_member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_certificates_valid_until'), ['valid_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_certificates_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('young_person_id', sa.Integer(), nullable=True),
    sa.Column('given_by', sa.Enum('custody_holder', 'young_person', name='consentgiver', native_enum=False, length=40), nullable=False),
    sa.Column('giver_name', sa.String(length=120), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('form_location', sa.String(length=200), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consents_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_consents_referral_id_referrals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_people.id'], name=op.f('fk_consents_young_person_id_young_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_young_person_id'), ['young_person_id'], unique=False)

    op.create_table('matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_type', sa.Enum('mentor', 'young_to_young', 'parent_to_parent', 'family_to_family', 'practical_help', 'leisure_job', 'friend_bank', name='matchtype', native_enum=False, length=40), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('friend_a_id', sa.Integer(), nullable=True),
    sa.Column('friend_b_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'shortlisted', 'chosen', 'offered', 'accepted', 'declined', 'active', 'paused', 'closed', 'discarded', name='matchstatus', native_enum=False, length=40), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('is_override', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('agreement_frequency', sa.String(length=200), nullable=True),
    sa.Column('agreement_activities', sa.Text(), nullable=True),
    sa.Column('agreement_duration', sa.String(length=200), nullable=True),
    sa.Column('agreement_contact', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('closure_reason', sa.Enum('planned_completed', 'young_person_moved', 'volunteer_moved', 'volunteer_time', 'young_person_lost_interest', 'relationship_not_working', 'family_situation_changed', 'safety_concern', 'volunteer_not_eligible', 'aged_out', name='closurereason', native_enum=False, length=40), nullable=True),
    sa.Column('closure_note', sa.Text(), nullable=True),
    sa.Column('closure_planned', sa.Boolean(), nullable=True),
    sa.Column('closing_talk_volunteer', sa.Boolean(), nullable=True),
    sa.Column('closing_talk_young_person', sa.Boolean(), nullable=True),
    sa.Column('closing_talk_caregiver', sa.Boolean(), nullable=True),
    sa.Column('contact_after', sa.Text(), nullable=True),
    sa.Column('volunteer_rematch_from', sa.Date(), nullable=True),
    sa.Column('seeker_rematch_from', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(volunteer_id IS NOT NULL AND referral_id IS NOT NULL AND friend_a_id IS NULL AND friend_b_id IS NULL) OR (volunteer_id IS NULL AND referral_id IS NULL AND friend_a_id IS NOT NULL AND friend_b_id IS NOT NULL)', name=op.f('ck_matches_volunteer_or_friends')),
    sa.ForeignKeyConstraint(['friend_a_id'], ['young_people.id'], name=op.f('fk_matches_friend_a_id_young_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['friend_b_id'], ['young_people.id'], name=op.f('fk_matches_friend_b_id_young_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_matches_proposed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_matches_referral_id_referrals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_matches_volunteer_id_volunteers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matches'))
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matches_friend_a_id'), ['friend_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_friend_b_id'), ['friend_b_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_match_type'), ['match_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('concerns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('concern_type', sa.Enum('child_safety', 'boundaries', 'no_contact', 'other', name='concerntype', native_enum=False, length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_concerns_match_id_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_concerns_raised_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_concerns_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concerns'))
    )
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concerns_match_id'), ['match_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('track', sa.Enum('volunteer', 'young_person', 'caregiver', name='followuptrack', native_enum=False, length=40), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('with_whom', sa.String(length=120), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('rating IS NULL OR (rating BETWEEN 1 AND 5)', name=op.f('ck_follow_ups_rating_range')),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_follow_ups_match_id_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_follow_ups_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_match_id'), ['match_id'], unique=False)

    op.create_table('match_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('proposed', 'shortlisted', 'chosen', 'offered', 'accepted', 'declined', 'active', 'paused', 'closed', 'discarded', name='matchstatus', native_enum=False, length=40), nullable=True),
    sa.Column('to_status', sa.Enum('proposed', 'shortlisted', 'chosen', 'offered', 'accepted', 'declined', 'active', 'paused', 'closed', 'discarded', name='matchstatus', native_enum=False, length=40), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_match_status_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_match_status_changes_match_id_matches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_status_changes'))
    )
    with op.batch_alter_table('match_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_status_changes_match_id'), ['match_id'], unique=False)

    op.create_table('meeting_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=False),
    sa.Column('activity', sa.String(length=500), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['logged_by_id'], ['users.id'], name=op.f('fk_meeting_logs_logged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_meeting_logs_match_id_matches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_logs'))
    )
    with op.batch_alter_table('meeting_logs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_logs_match_id'), ['match_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meeting_logs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_logs_match_id'))

    op.drop_table('meeting_logs')
    with op.batch_alter_table('match_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_status_changes_match_id'))

    op.drop_table('match_status_changes')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_match_id'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_due_on'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concerns_match_id'))

    op.drop_table('concerns')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_matches_status'))
        batch_op.drop_index(batch_op.f('ix_matches_referral_id'))
        batch_op.drop_index(batch_op.f('ix_matches_match_type'))
        batch_op.drop_index(batch_op.f('ix_matches_friend_b_id'))
        batch_op.drop_index(batch_op.f('ix_matches_friend_a_id'))

    op.drop_table('matches')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_young_person_id'))
        batch_op.drop_index(batch_op.f('ix_consents_referral_id'))

    op.drop_table('consents')
    with op.batch_alter_table('child_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_certificates_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_child_certificates_valid_until'))
        batch_op.drop_index(batch_op.f('ix_child_certificates_household_member_id'))

    op.drop_table('child_certificates')
    with op.batch_alter_table('screening_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_steps_volunteer_id'))

    op.drop_table('screening_steps')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_young_person_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_status'))
        batch_op.drop_index(batch_op.f('ix_referrals_family_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_caseworker_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_members_volunteer_id'))

    op.drop_table('household_members')
    with op.batch_alter_table('event_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_signups_young_person_id'))
        batch_op.drop_index(batch_op.f('ix_event_signups_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_event_signups_event_id'))

    op.drop_table('event_signups')
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_young_people_postcode'))
        batch_op.drop_index(batch_op.f('ix_young_people_friend_bank_status'))

    op.drop_table('young_people')
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteers_status'))
        batch_op.drop_index(batch_op.f('ix_volunteers_postcode'))
        batch_op.drop_index(batch_op.f('ix_volunteers_organisation_id'))

    op.drop_table('volunteers')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_starts_at'))

    op.drop_table('events')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_subject')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role'))

    op.drop_table('users')
    with op.batch_alter_table('partnership_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_agreements_organisation_id'))

    op.drop_table('partnership_agreements')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_provider_id'))
        batch_op.drop_index(batch_op.f('ix_offers_active'))

    op.drop_table('offers')
    with op.batch_alter_table('family_children', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_children_family_id'))

    op.drop_table('family_children')
    op.drop_table('partner_organisations')
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_families_postcode'))

    op.drop_table('families')
