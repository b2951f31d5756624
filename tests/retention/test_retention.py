"""The retention schedule: each category one day before and one day after its boundary, what
anonymising and deleting leave behind, the dry run, the job, and the knowledge bank's figures."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coordinator import jobs
from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.auth.services import ERASED_DOMAIN
from coordinator.dashboard import services as dashboard
from coordinator.drafts import services as drafts
from coordinator.extensions import db
from coordinator.mail.models import MailStatus, OutboxMessage
from coordinator.matches import supply_gap
from coordinator.matches.models import Match, MatchStatus, MeetingLog
from coordinator.referrals.models import (
    FriendBankStatus,
    Referral,
    ReferralStatus,
    SignupSource,
    YoungPerson,
)
from coordinator.retention import policy, services
from coordinator.vocabulary import ClosureReason, ScreeningStepKind
from coordinator.volunteers.models import ScreeningStep, Volunteer, VolunteerStatus
from tests import factories

NOW = datetime.now(UTC)


def _ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def _unconfirmed(days):
    user = factories.make_user(Role.VOLUNTEER, confirmed=False, created_at=_ago(days))
    return factories.make_volunteer(status=VolunteerStatus.APPLICANT, user=user)


def _applicant(days):
    volunteer = factories.make_volunteer(status=VolunteerStatus.IN_SCREENING)
    volunteer.created_at = volunteer.updated_at = _ago(days)
    volunteer.screening_steps.append(ScreeningStep(
        step=ScreeningStepKind.INTERVIEW, completed_on=_ago(days).date(), recorded_at=_ago(days)))
    return volunteer


def _ended(days):
    return factories.make_volunteer(status=VolunteerStatus.ENDED, ended_at=_ago(days))


def _withdrawn(days):
    return factories.make_referral(status=ReferralStatus.WITHDRAWN, withdrawn_at=_ago(days))


def _closed_match(days):
    referral = factories.make_referral(status=ReferralStatus.MATCHED)
    volunteer = factories.make_volunteer(capacity=3)
    return factories.make_match(
        referral.id, volunteer.id, MatchStatus.CLOSED, start_date=_ago(days + 400).date(),
        end_date=_ago(days).date(), closure_reason=ClosureReason.VOLUNTEER_TIME,
        closure_note="Ali flyttede til Aarhus.", agreement_activities="Fodbold hver uge")


def _unverified_friend(days):
    return factories.make_young_person(
        friend_bank_status=FriendBankStatus.PENDING, signup_source=SignupSource.SELF,
        created_at=_ago(days), email="ung@example.dk")


def _inactive_friend(days):
    return factories.make_young_person(
        friend_bank_status=FriendBankStatus.VERIFIED, signup_source=SignupSource.SELF,
        created_at=_ago(days + 10), verified_at=_ago(days))


def _sent_mail(days):
    message = OutboxMessage(recipient="a@example.dk", template="t", subject="s", text="x",
                            html="x", status=MailStatus.SENT, created_at=_ago(days),
                            next_attempt_at=_ago(days), give_up_at=_ago(days), sent_at=_ago(days))
    db.session.add(message)
    return message


def _audit_row(days):
    entry = AuditEntry(action="volunteer.viewed", at=_ago(days), subject_type="Volunteer",
                       subject_id=1)
    db.session.add(entry)
    return entry


def _form_draft(days):
    draft, _token = drafts.create(drafts.SIGNUP, {"first_name": ["Mette"]})
    draft.updated_at = _ago(days)
    return draft
def _workplace_contact(days):
    from coordinator.workplaces.models import Workplace

    place = Workplace(name="Bageriet", sector="Bageri", postcode="2820", offers=["leisure_job"],
                      interests=[], contact_name="Lone", contact_confirmed_at=_ago(days))
    db.session.add(place)
    return place


MAKERS = {
    "unconfirmed_signups": (_unconfirmed, "Volunteer"),
    "unfinished_applicants": (_applicant, "Volunteer"),
    "ended_volunteers": (_ended, "Volunteer"),
    "closed_cases": (_withdrawn, "Referral"),
    "closed_matches": (_closed_match, "Match"),
    "friendbank_unverified": (_unverified_friend, "YoungPerson"),
    "friendbank_inactive": (_inactive_friend, "YoungPerson"),
    "outbox": (_sent_mail, "OutboxMessage"),
    "audit": (_audit_row, "AuditEntry"),
    "form_drafts": (_form_draft, "FormDraft"),
    "workplace_contacts": (_workplace_contact, "Workplace"),
}


def test_every_category_of_the_schedule_has_a_boundary_test(app):
    assert {c.key for c in policy.schedule(app.config)} == set(MAKERS)


@pytest.mark.parametrize("category", sorted(MAKERS))
def test_kept_one_day_before_the_boundary_and_removed_one_day_after(app_context, app, category):
    make, subject_type = MAKERS[category]
    period = policy.days(app.config, category)
    young = make(period - 1)
    old = make(period + 1)
    db.session.flush()
    found = [a for a in services.plan(NOW, app.config) if a.category == category]
    if subject_type in ("OutboxMessage", "AuditEntry", "FormDraft"):
        assert [a.count for a in found] == [1]  # only the old row
        services.apply(found, NOW, app.config)
        model = type(old)
        left = select(model.id)
        if model is AuditEntry:  # leave out the row that says the job ran
            left = left.where(AuditEntry.action != "retention.ran")
        assert list(db.session.scalars(left)) == [young.id]
    else:
        found = [a for a in found if a.kind != services.REMOVE_CONTACT]  # the e-mail goes first
        assert [(a.subject_type, a.subject_id) for a in found] == [(subject_type, old.id)]
        assert found[0].why


def test_unconfirmed_sign_up_is_deleted_with_its_account(app_context, app):
    volunteer = _unconfirmed(31)
    user_id, volunteer_id = volunteer.user_id, volunteer.id
    services.run(NOW, app.config)
    assert db.session.get(Volunteer, volunteer_id) is None
    assert db.session.get(User, user_id) is None


def test_a_rejected_applicant_is_deleted_after_the_applicants_period(app_context, app):
    period = policy.days(app.config, "unfinished_applicants")
    recent, old = _applicant(period - 1), _applicant(period + 1)
    for volunteer, days in ((recent, period - 1), (old, period + 1)):
        volunteer.status = VolunteerStatus.REJECTED
        db.session.flush()
        volunteer.updated_at = _ago(days)  # the status change above stamped it with today
    db.session.flush()
    recent_id, old_id = recent.id, old.id
    db.session.commit()
    db.session.expunge_all()  # the job starts with nothing loaded, as the daily run does
    services.run(NOW, app.config)
    left = db.session.scalars(select(Volunteer.id).where(Volunteer.id.in_((recent_id, old_id))))
    assert list(left) == [recent_id]


def test_ended_volunteer_is_anonymised_but_kept_for_the_figures(app_context, app):
    volunteer = _ended(policy.days(app.config, "ended_volunteers") + 1)
    volunteer.phone = "12345678"
    services.run(NOW, app.config)
    db.session.refresh(volunteer)
    assert volunteer.first_name == services.ANONYMOUS
    assert volunteer.last_name == ""
    assert volunteer.phone is None
    assert volunteer.interests == []
    assert volunteer.languages == []
    assert volunteer.user.email.endswith(ERASED_DOMAIN)
    assert volunteer.status == VolunteerStatus.ENDED
    assert volunteer.anonymised_at is not None
    # Done once: the next run finds nothing more to do.
    assert not [a for a in services.plan(NOW, app.config) if a.subject_id == volunteer.id]


def test_a_volunteer_who_left_during_a_match_loses_the_e_mail_once_it_is_closed(app_context, app):
    volunteer = factories.make_volunteer(status=VolunteerStatus.ENDED, ended_at=_ago(3))
    referral = factories.make_referral(status=ReferralStatus.MATCHED)
    match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE,
                                 start_date=_ago(100).date())
    email = volunteer.user.email
    services.run(NOW, app.config)
    assert volunteer.user.email == email  # the coordinators still need it for the closing talk
    match.status = MatchStatus.CLOSED
    match.end_date = NOW.date()
    services.run(NOW, app.config)
    assert volunteer.user.email.endswith(ERASED_DOMAIN)
    assert volunteer.first_name != services.ANONYMOUS  # the name is kept for the period


def test_closed_case_is_anonymised_with_its_matches_and_the_young_person(app_context, app):
    period = policy.days(app.config, "closed_cases")
    referral = factories.make_referral(status=ReferralStatus.CLOSED)
    volunteer = factories.make_volunteer()
    match = factories.make_match(
        referral.id, volunteer.id, MatchStatus.CLOSED, start_date=_ago(period + 300).date(),
        end_date=_ago(period + 1).date(), closure_reason=ClosureReason.PLANNED_COMPLETED,
        closure_note="Privat note")
    match.meetings.append(MeetingLog(met_on=_ago(period + 100).date(), activity="Biograf",
                                     minutes=90))
    person = referral.young_person
    services.run(NOW, app.config)
    assert referral.case_notes == ""
    assert referral.description_for_volunteer == ""
    assert referral.consents[0].giver_name == ""
    assert match.closure_note is None
    assert match.meetings[0].activity == ""
    assert match.closure_reason == ClosureReason.PLANNED_COMPLETED  # the figures' reason is kept
    assert person.first_name == services.ANONYMOUS
    assert person.anonymised_at is not None
    assert person.birth_year
    assert person.postcode


def test_a_young_person_with_another_open_referral_keeps_the_name(app_context, app):
    referral = _withdrawn(policy.days(app.config, "closed_cases") + 1)
    person = referral.young_person
    factories.make_referral(young_person=person)  # waiting
    services.run(NOW, app.config)
    assert referral.anonymised_at is not None
    assert person.first_name != services.ANONYMOUS


def test_unverified_friend_bank_sign_up_is_purged(app_context, app):
    person = _unverified_friend(policy.days(app.config, "friendbank_unverified") + 1)
    person_id = person.id
    services.run(NOW, app.config)
    assert db.session.get(YoungPerson, person_id) is None


def test_dry_run_prints_what_and_why_and_changes_nothing(app, runner):
    with app.app_context():
        _unconfirmed(31)
        _ended(policy.days(app.config, "ended_volunteers") + 1)
        _sent_mail(100)
        _applicant(policy.days(app.config, "unfinished_applicants") + 1)
        db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(Volunteer))
        names = sorted(db.session.scalars(select(Volunteer.first_name)))
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "unconfirmed_signups: signed up" in result.output
    assert "ended_volunteers: stopped" in result.output
    assert "1 OutboxMessage rows" in result.output
    assert "unfinished_applicants: last screening step" in result.output
    assert "would be changed" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Volunteer)) == before
        assert sorted(db.session.scalars(select(Volunteer.first_name))) == names
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0

    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Volunteer)) == before - 2
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        ran = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "retention.ran"))
        assert [entry.detail for entry in ran] == [
            {"unconfirmed_signups.delete": 1, "unfinished_applicants.delete": 1,
             "ended_volunteers.anonymise": 1, "outbox.delete": 1}
        ]


def test_the_retention_job_is_registered_and_commits(app):
    assert "retention" in jobs.registered()
    with app.app_context():
        _sent_mail(100)
        db.session.commit()
        assert jobs.execute("retention") == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def _figures(today: date) -> dict:
    survival = dashboard.survival(today)
    return {
        "survival": (survival.started, survival.closed, survival.milestones),
        "curve": dashboard.kaplan_meier(dashboard.durations(today)),
        "closure_reasons": dashboard.closure_reasons(),
        "by_status": dashboard.volunteers_by_status(),
        "active": dashboard.active_by_phase_and_type(),
        "overrides": dashboard.override_count(),
        "waiting": dashboard.waiting(today),
        "gap": supply_gap.compute_supply_gap(today),
    }


def test_anonymisation_keeps_the_knowledge_banks_figures(app_context, app):
    period = policy.days(app.config, "closed_cases")
    for offset, reason in ((1, ClosureReason.VOLUNTEER_TIME), (2, ClosureReason.PLANNED_COMPLETED),
                           (-30, ClosureReason.PLANNED_COMPLETED)):
        referral = factories.make_referral(status=ReferralStatus.CLOSED)
        factories.make_match(
            referral.id, factories.make_volunteer(capacity=3).id, MatchStatus.CLOSED,
            start_date=_ago(period + 200).date(), end_date=_ago(period + offset).date(),
            closure_reason=reason)
    running = factories.make_referral(status=ReferralStatus.MATCHED)
    factories.make_match(running.id, factories.make_volunteer(capacity=3).id,
                         MatchStatus.ACTIVE, start_date=_ago(50).date())
    factories.make_referral()  # waiting: the supply gap
    _ended(policy.days(app.config, "ended_volunteers") + 1)
    db.session.flush()
    today = NOW.date()
    before = _figures(today)
    actions = services.run(NOW, app.config)
    assert {a.category for a in actions} >= {"closed_cases", "ended_volunteers"}
    db.session.flush()
    db.session.expire_all()
    assert _figures(today) == before
    assert db.session.scalar(select(func.count()).select_from(Match)) == 4
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 5
