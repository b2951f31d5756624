"""Each event tells each person once, in the app and by e-mail, and nothing on rollback."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.matches import services as match_services
from coordinator.matches.models import Concern, MatchStatus
from coordinator.notifications import services as notifications
from coordinator.notifications.models import Notification
from coordinator.referrals import services as referral_services
from coordinator.referrals.models import ConsentGiver
from coordinator.vocabulary import ClosureReason, ConcernType, MatchType, Phase, ScreeningStepKind
from coordinator.volunteers import services as volunteer_services
from coordinator.volunteers.models import CertificateAssessment, VolunteerStatus
from tests import factories

TODAY = date.today()


def _told(template: str) -> dict[int, tuple[int, int]]:
    """Per user: (notifications, e-mails) written for this template."""
    notes = dict(db.session.execute(
        select(Notification.user_id, func.count()).where(Notification.kind == template)
        .group_by(Notification.user_id)).all())
    mails = dict(db.session.execute(
        select(OutboxMessage.recipient, func.count()).where(OutboxMessage.template == template)
        .group_by(OutboxMessage.recipient)).all())
    users = {n.user_id: n.user.email for n in db.session.scalars(
        select(Notification).where(Notification.kind == template))}
    return {uid: (notes[uid], mails.get(email, 0)) for uid, email in users.items()}


def _closure() -> match_services.Closure:
    return match_services.Closure(
        reason=ClosureReason.PLANNED_COMPLETED, note="", planned=True, talk_volunteer=True,
        talk_young_person=True, talk_caregiver=False, contact_after="",
        volunteer_rematch_from=None, seeker_rematch_from=None)


def _active_match():
    caseworker = factories.make_user(Role.CASEWORKER)
    referral = factories.make_referral(caseworker)
    volunteer = factories.make_volunteer()
    match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE,
                                 start_date=TODAY - timedelta(days=90))
    db.session.refresh(match)
    return match, caseworker, volunteer


def test_closing_a_match_tells_caseworker_and_volunteer_once_each(app, app_context):
    coordinator = factories.make_user(Role.COORDINATOR)
    match, caseworker, volunteer = _active_match()
    match_services.close(match, _closure(), by=coordinator, today=TODAY)
    assert _told("match_closed") == {caseworker.id: (1, 1), volunteer.user.id: (1, 1)}
    note = db.session.scalar(select(Notification).where(Notification.user_id == caseworker.id))
    assert note.title == "Et match er afsluttet"
    assert note.url == f"/match/{match.id}"


def test_a_rolled_back_decision_tells_no_one(app, app_context):
    coordinator = factories.make_user(Role.COORDINATOR)
    match, _caseworker, _volunteer = _active_match()
    db.session.commit()
    match_services.close(match, _closure(), by=coordinator, today=TODAY)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert db.session.scalar(
        select(func.count()).where(OutboxMessage.template == "match_closed")) == 0


def test_resolving_a_concern_tells_the_caseworker_and_whoever_raised_it(app, app_context):
    coordinator = factories.make_user(Role.COORDINATOR)
    match, caseworker, volunteer = _active_match()
    concern = match_services.raise_concern(match, by=volunteer.user,
                                           concern_type=ConcernType.NO_CONTACT,
                                           description="Ingen kontakt")
    assert isinstance(concern, Concern)
    match_services.resolve_concern(concern, by=coordinator, resolution="Talt med familien",
                                   resume_match=True)
    assert _told("concern_resolved") == {caseworker.id: (1, 1), volunteer.user.id: (1, 1)}
    # The concern itself reached the caseworker and the coordinator once each, in the app too.
    assert _told("concern_raised") == {caseworker.id: (1, 1), coordinator.id: (1, 1)}


def test_a_new_referral_tells_every_active_coordinator_once(app, app_context):
    first = factories.make_user(Role.COORDINATOR)
    second = factories.make_user(Role.COORDINATOR)
    factories.make_user(Role.COORDINATOR, active=False)
    caseworker = factories.make_user(Role.CASEWORKER)
    referral_services.refer_young_person(
        caseworker,
        referral_services.PersonData(first_name="Ali", birth_year=TODAY.year - 12),
        referral_services.ReferralData(phase=Phase.DURING, match_type=MatchType.MENTOR,
                                       postcode="2820", needs=["homework"]),
        referral_services.ConsentData(given_by=ConsentGiver.CUSTODY_HOLDER, giver_name="Mor",
                                      given_on=TODAY, scope="Henvisning", form_location=None),
    )
    assert _told("referral_new") == {first.id: (1, 1), second.id: (1, 1)}


def test_a_volunteer_is_told_once_when_screening_makes_them_approved(app, app_context):
    coordinator = factories.make_user(Role.COORDINATOR)
    volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT)
    for step in (ScreeningStepKind.INTERVIEW, ScreeningStepKind.REFERENCES,
                 ScreeningStepKind.CONFIDENTIALITY, ScreeningStepKind.TRAINING):
        volunteer_services.record_step(volunteer, coordinator, step, TODAY, "", TODAY)
    assert _told("volunteer_approved") == {}
    certificate = volunteer_services.request_certificate(volunteer, coordinator, None, TODAY,
                                                         TODAY)
    volunteer_services.record_certificate_answer(
        volunteer, coordinator, certificate, received_on=TODAY,
        assessment=CertificateAssessment.NO_REMARKS, note="", valid_until=None, today=TODAY)
    assert volunteer.status == VolunteerStatus.APPROVED
    # Correcting a step afterwards is not a second approval.
    volunteer_services.record_step(volunteer, coordinator, ScreeningStepKind.INTERVIEW, TODAY,
                                   "rettet", TODAY)
    assert _told("volunteer_approved") == {volunteer.user.id: (1, 1)}


@pytest.mark.parametrize("page", ["/beskeder/"])
def test_the_menu_counts_unread_and_opening_one_marks_it_read(app, client, auth, page):
    user = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        other = factories.make_user(Role.CASEWORKER)
        owner = db.session.get(type(other), user.id)
        mine = notifications.notify([owner], "match_closed",
                                    match=_active_match()[0], link=("main.home", {}))[0]
        theirs = notifications.notify([other], "match_closed",
                                      match=_active_match()[0], link=("main.home", {}))[0]
        db.session.commit()
        mine_id, theirs_id = mine.id, theirs.id
    html = client.get(page).get_data(as_text=True)
    unread = '<span class="visually-hidden"> ulæst</span>'  # the menu's count, for screen readers
    assert f'<span class="badge">1{unread}</span>' in html
    assert "Et match er afsluttet" in html
    assert client.get(f"/beskeder/{theirs_id}").status_code == 404
    response = client.get(f"/beskeder/{mine_id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/hjem"
    assert unread not in client.get(page).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Notification, theirs_id).read_at is None
