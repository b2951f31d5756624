"""An event as an .ics file, and each volunteer's secret calendar feed of events and meetings."""

from datetime import date

from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.events.models import EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.matches.models import MeetingLog
from coordinator.volunteers.models import Volunteer
from tests import factories
from tests.events.helpers import live_match, make_event


def test_anyone_signed_in_downloads_an_event_for_their_calendar(app, client, auth):
    with app.app_context():
        event_id = make_event(title="Spilaften, med pizza").id
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    response = client.get(f"/arrangementer/{event_id}/kalender.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "SUMMARY:Spilaften\\, med pizza\r\n" in body
    assert f"UID:event-{event_id}@koordinering" in body


def _volunteer_with_things(app):
    with app.app_context():
        volunteer = factories.make_volunteer()
        make_event(title="Mit eget arrangement", created_by_id=volunteer.user_id)
        match, person = live_match(volunteer=volunteer, first_name="Hemmeligtnavn")
        mentee_event = make_event(title="Mentees arrangement")
        db.session.add(EventSignup(event_id=mentee_event.id, young_person_id=person.id,
                                   status=SignupStatus.REGISTERED))
        make_event(title="Andres arrangement")
        db.session.add(MeetingLog(match_id=match.id, met_on=date(2026, 11, 20),
                                  activity="Fodbold i parken", minutes=90))
        email = volunteer.user.email
        volunteer_id = volunteer.id
        db.session.commit()
    return email, volunteer_id


def test_volunteer_creates_a_feed_with_their_events_and_meetings(app, client, auth):
    email, volunteer_id = _volunteer_with_things(app)
    auth.login(email, factories.PASSWORD)
    assert "Opret min kalenderadresse" in client.get("/arrangementer/min-kalender").get_data(
        as_text=True
    )
    client.post("/arrangementer/min-kalender/nulstil")
    with app.app_context():
        token = db.session.get(Volunteer, volunteer_id).calendar_token
    assert token
    assert len(token) >= 40
    assert f"/kalender/{token}.ics" in client.get("/arrangementer/min-kalender").get_data(
        as_text=True
    )
    auth.logout()
    feed = client.get(f"/kalender/{token}.ics")  # a calendar app has no login
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"
    body = feed.get_data(as_text=True)
    assert "SUMMARY:Mit eget arrangement" in body
    assert "SUMMARY:Mentees arrangement" in body
    assert "Andres arrangement" not in body
    assert "SUMMARY:Møde: Fodbold i parken" in body
    assert "DTSTART;VALUE=DATE:20261120" in body
    assert "Hemmeligtnavn" not in body


def test_resetting_the_address_stops_the_old_one(app, client, auth):
    email, volunteer_id = _volunteer_with_things(app)
    auth.login(email, factories.PASSWORD)
    client.post("/arrangementer/min-kalender/nulstil")
    with app.app_context():
        old = db.session.get(Volunteer, volunteer_id).calendar_token
    page = client.post("/arrangementer/min-kalender/nulstil", follow_redirects=True)
    assert "Den gamle virker ikke længere." in page.get_data(as_text=True)
    with app.app_context():
        new = db.session.get(Volunteer, volunteer_id).calendar_token
    assert new != old
    assert client.get(f"/kalender/{old}.ics").status_code == 404
    assert client.get(f"/kalender/{new}.ics").status_code == 200


def test_an_unknown_or_overlong_token_is_not_found(client):
    assert client.get("/kalender/gaet-et-token.ics").status_code == 404
    assert client.get(f"/kalender/{'x' * 500}.ics").status_code == 404


def test_the_reset_needs_a_post_with_csrf(app, make_app):
    from tests.conftest import AuthActions

    strict = make_app(WTF_CSRF_ENABLED=True)
    with strict.app_context():
        volunteer = factories.make_volunteer()
        email = volunteer.user.email
        db.session.commit()
    client = strict.test_client()
    AuthActions(strict, client)  # signing in also needs the token: use the session directly
    with client.session_transaction() as session:
        with strict.app_context():
            user_id = db.session.scalar(
                select(Volunteer.user_id).where(Volunteer.user_id.is_not(None))
            )
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    try:
        assert email
        assert client.post("/arrangementer/min-kalender/nulstil").status_code == 400
        assert client.get("/arrangementer/min-kalender/nulstil").status_code == 405
    finally:
        with strict.app_context():
            db.session.remove()
            db.engine.dispose()


def test_only_volunteers_have_a_calendar_page(client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.get("/arrangementer/min-kalender").status_code == 403
    assert client.post("/arrangementer/min-kalender/nulstil").status_code == 403
