"""A volunteer's own record and the statement (udtalelse) they can use in a job application."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.courses.models import CourseKind
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus, MeetingLog
from coordinator.volunteers.models import Volunteer
from tests import factories
from tests.courses.helpers import attended, make_course


def _volunteer_with_a_year(app) -> tuple[str, int]:
    today = date.today()
    with app.app_context():
        volunteer = factories.make_volunteer(first_name="Hanne", last_name="Holm")
        person = factories.make_young_person(first_name="Mikkelbarn")
        referral = factories.make_referral(young_person=person,
                                           description_for_volunteer="Glad for heste")
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE,
                                     start_date=today - timedelta(days=200))
        db.session.add_all([
            MeetingLog(match_id=match.id, met_on=today, activity="Mikkelbarn og jeg red",
                       minutes=90),
            MeetingLog(match_id=match.id, met_on=today, activity="Lektier", minutes=60),
            # Last year's meeting is not this year's.
            MeetingLog(match_id=match.id, met_on=date(today.year - 1, 12, 31),
                       activity="Jul", minutes=120),
        ])
        attended(make_course(kind=CourseKind.SUPERVISION, title="Supervision",
                             starts_at=datetime.now(UTC) - timedelta(hours=3),
                             duration_minutes=120), volunteer)
        db.session.commit()
        return volunteer.user.email, volunteer.id


def test_the_volunteers_page_shows_meetings_hours_and_certificate_this_year(app, client, auth):
    email, _volunteer_id = _volunteer_with_a_year(app)
    auth.login(email, factories.PASSWORD)
    page = client.get("/frivillig/min-side").get_data(as_text=True)
    assert f"Dit år som frivillig ({date.today().year})" in page
    assert "2 møder, 2,5 timer" in page
    year = page[page.index('id="volunteer-year"'):]
    valid_until = (date.today() + timedelta(days=700)).strftime("%Y")  # the factory's certificate
    assert "Børneattest gyldig til" in year
    assert valid_until in year[year.index("Børneattest gyldig til"):]


def test_the_statement_names_the_unit_and_the_work_and_nothing_about_children(app, client,
                                                                              auth):
    email, volunteer_id = _volunteer_with_a_year(app)
    auth.login(email, factories.PASSWORD)
    response = client.get("/frivillig/min-side/udtalelse")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Udtalelse om frivilligt arbejde" in page
    assert "Koordineringsenheden for frivillige, Gentofte Kommune" in page
    assert "Hanne Holm" in page
    assert "2 møder, 2,5 timer" in page
    assert "Supervision: 2 timer" in page
    assert "Gyldig børneattest til" in page
    for about_the_child in ("Mikkelbarn", "heste", "Lektier"):
        assert about_the_child not in page
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.subject_id).where(
            AuditEntry.action == "volunteer.statement_viewed")) == volunteer_id
        assert db.session.get(Volunteer, volunteer_id) is not None


def test_only_a_volunteer_gets_a_statement(client, auth):
    for role in (Role.COORDINATOR, Role.CASEWORKER, Role.ORGANISATION_CONTACT):
        auth.login_as(role)
        assert client.get("/frivillig/min-side/udtalelse").status_code == 403
