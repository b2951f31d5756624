"""Arranging events, signing young people up, the waiting list and attendance."""

from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.events.models import Event, EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.volunteers.models import VolunteerStatus
from tests import factories
from tests.events.helpers import friend_bank_member, live_match, make_event

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()
GOOD = {
    "title": "Spilaften",
    "description": "Brætspil, pizza og hygge.",
    "day": NEXT_WEEK,
    "start_time": "18:00",
    "end_time": "20:30",
    "location": "Byens Hus, Gentofte",
    "min_age": "13",
    "max_age": "18",
    "places": "12",
}


def _statuses(app, event_id):
    with app.app_context():
        rows = db.session.execute(
            select(EventSignup.young_person_id, EventSignup.status)
            .where(EventSignup.event_id == event_id)
            .order_by(EventSignup.id)
        ).all()
        return [(person, status) for person, status in rows]


def test_coordinator_arranges_an_event_in_copenhagen_time(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/arrangementer/nyt", data=GOOD)
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        starts = event.starts_at.replace(tzinfo=event.starts_at.tzinfo or UTC)
        assert starts.astimezone(UTC).hour in (16, 17)  # 18:00 in Copenhagen (summer/winter)
        assert (event.min_age, event.max_age, event.places) == (13, 18, 12)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Arrangementet Spilaften er oprettet." in page
    # The one date filter: "3. dec. 2026 kl. 18.00", in Copenhagen time, no seconds.
    assert f"{format_date(date.fromisoformat(NEXT_WEEK), 'medium', locale='da')} kl. 18.00" in page


def test_approved_volunteer_arranges_an_event_and_can_edit_it(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer()
        email = volunteer.user.email
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    response = client.post("/arrangementer/nyt", data=GOOD)
    assert response.status_code == 302
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    edited = client.post(f"/arrangementer/{event_id}/rediger", data={**GOOD, "title": "Quiz"})
    assert edited.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).title == "Quiz"


def test_a_volunteer_still_in_screening_cannot_arrange_events(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer(status=VolunteerStatus.IN_SCREENING)
        email = volunteer.user.email
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    assert client.get("/arrangementer/nyt").status_code == 403
    assert client.post("/arrangementer/nyt", data=GOOD).status_code == 403


def test_a_volunteer_cannot_edit_someone_elses_event(app, client, auth):
    with app.app_context():
        event_id = make_event().id
        volunteer = factories.make_volunteer()
        email = volunteer.user.email
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    assert client.get(f"/arrangementer/{event_id}/rediger").status_code == 403


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ORGANISATION_CONTACT])
def test_caseworkers_and_organisation_contacts_do_not_arrange_events(client, auth, role):
    auth.login_as(role)
    assert client.get("/arrangementer/nyt").status_code == 403


def test_organisation_contact_does_not_see_events(client, auth):
    auth.login_as(Role.ORGANISATION_CONTACT)
    assert client.get("/arrangementer").status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Giv arrangementet en titel."),
        ({"title": "t" * 201}, "Højst 200 tegn."),
        ({"day": ""}, "Skriv datoen."),
        ({"day": "24/11/2026"}, "Skriv en dato (åååå-mm-dd)."),
        ({"start_time": ""}, "Skriv starttidspunktet."),
        ({"start_time": "kl. 18"}, "Skriv et klokkeslæt (tt:mm)."),
        ({"end_time": "25:00"}, "Skriv et klokkeslæt (tt:mm)."),
        ({"end_time": "17:00"}, "Arrangementet skal slutte, efter det begynder."),
        ({"location": ""}, "Skriv, hvor arrangementet er."),
        ({"min_age": "tretten"}, "Skriv en alder mellem 0 og 30."),
        ({"max_age": "99"}, "Skriv en alder mellem 0 og 30."),
        ({"min_age": "18", "max_age": "13"}, "Den øvre alder må ikke være under den nedre."),
        ({"places": "0"}, "Skriv antallet af pladser, fra 1 til 500."),
        ({"places": ""}, "Skriv antallet af pladser, fra 1 til 500."),
        ({"places": "mange"}, "Skriv antallet af pladser, fra 1 til 500."),
    ],
)
def test_bad_event_input_gets_a_danish_message_and_keeps_the_text(
    app, client, auth, changes, message
):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/arrangementer/nyt", data={**GOOD, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "Brætspil, pizza og hygge." in html
    with app.app_context():
        assert db.session.scalar(select(Event.id)) is None


def test_a_full_event_puts_the_next_young_person_on_the_waiting_list(app, client, auth):
    with app.app_context():
        event_id = make_event(places=1).id
        first, second = friend_bank_member().id, friend_bank_member().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": first})
    page = client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": second},
                       follow_redirects=True).get_data(as_text=True)
    assert "venteliste" in page
    assert _statuses(app, event_id) == [
        (first, SignupStatus.REGISTERED), (second, SignupStatus.WAITLISTED)
    ]


def test_cancelling_gives_the_place_to_the_first_on_the_waiting_list(app, client, auth):
    with app.app_context():
        event_id = make_event(places=1).id
        people = [friend_bank_member().id for _ in range(3)]
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    for person in people:
        client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": person})
    with app.app_context():
        first_signup = db.session.scalar(select(EventSignup.id).order_by(EventSignup.id))
    client.post(f"/arrangementer/tilmeldinger/{first_signup}/afmeld")
    assert _statuses(app, event_id) == [
        (people[0], SignupStatus.CANCELLED),
        (people[1], SignupStatus.REGISTERED),
        (people[2], SignupStatus.WAITLISTED),
    ]


def test_more_places_let_waiting_young_people_in(app, client, auth):
    with app.app_context():
        event_id = make_event(places=1).id
        people = [friend_bank_member().id for _ in range(2)]
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    for person in people:
        client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": person})
    client.post(f"/arrangementer/{event_id}/rediger", data={**GOOD, "places": "2",
                                                            "min_age": "", "max_age": ""})
    assert [status for _, status in _statuses(app, event_id)] == [SignupStatus.REGISTERED] * 2


@pytest.mark.parametrize(
    ("event_fields", "age", "message"),
    [
        ({"min_age": 18}, 15, "er uden for arrangementets aldersgruppe."),
        ({"cancelled": True}, 15, "Arrangementet er aflyst."),
        ({"starts_at": datetime.now(UTC) - timedelta(days=3)}, 15, "har allerede fundet sted."),
    ],
)
def test_a_sign_up_the_rules_refuse_says_why(app, client, auth, event_fields, age, message):
    with app.app_context():
        event_id = make_event(**event_fields).id
        person = friend_bank_member(age).id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    page = client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": person},
                       follow_redirects=True).get_data(as_text=True)
    assert message in page
    assert _statuses(app, event_id) == []


def test_the_same_young_person_is_not_signed_up_twice(app, client, auth):
    with app.app_context():
        event_id = make_event().id
        person = friend_bank_member().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": person})
    page = client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": person},
                       follow_redirects=True).get_data(as_text=True)
    assert "er allerede tilmeldt." in page
    assert len(_statuses(app, event_id)) == 1


@pytest.mark.parametrize("value", ["", "abc", "999999", "1; DROP TABLE", "\U0001f600"])
def test_signing_up_someone_not_offered_gets_a_danish_message(app, client, auth, value):
    with app.app_context():
        event_id = make_event().id
        friend_bank_member()
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": value})
    assert response.status_code == 400
    assert "Vælg en af mulighederne." in response.get_data(as_text=True)


def test_caseworker_signs_up_only_their_own_matched_young_person(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        event_id = make_event().id
        _, own = live_match(caseworker=db.session.get(type(caseworker), caseworker.id),
                            first_name="Egen")
        _, other = live_match(first_name="Fremmed")
        own_id, other_id = own.id, other.id
        db.session.commit()
    page = client.get(f"/arrangementer/{event_id}").get_data(as_text=True)
    assert "Egen" in page
    assert "Fremmed" not in page
    assert client.post(f"/arrangementer/{event_id}/tilmeld",
                       data={"young_person_id": other_id}).status_code == 400
    client.post(f"/arrangementer/{event_id}/tilmeld", data={"young_person_id": own_id})
    assert _statuses(app, event_id) == [(own_id, SignupStatus.REGISTERED)]


def test_volunteer_sees_only_their_own_young_people_among_the_signed_up(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer()
        email = volunteer.user.email
        event = make_event()
        _, mine = live_match(volunteer=volunteer, first_name="Minmentee")
        _, theirs = live_match(first_name="Andenmentee")
        for person in (mine, theirs):
            db.session.add(EventSignup(event_id=event.id, young_person_id=person.id,
                                       status=SignupStatus.REGISTERED))
        event_id, theirs_id = event.id, theirs.id
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    page = client.get(f"/arrangementer/{event_id}").get_data(as_text=True)
    assert "Minmentee" in page
    assert "Andenmentee" not in page
    assert "2 af 10 optaget" in page
    with app.app_context():
        their_signup = db.session.scalar(
            select(EventSignup.id).where(EventSignup.young_person_id == theirs_id)
        )
    assert client.post(f"/arrangementer/tilmeldinger/{their_signup}/afmeld").status_code == 404


def test_coordinator_records_attendance_afterwards(app, client, auth):
    with app.app_context():
        event = make_event(starts_at=datetime.now(UTC) - timedelta(days=1))
        came = EventSignup(event_id=event.id, status=SignupStatus.REGISTERED,
                           young_person_id=friend_bank_member(first_name="Kom").id)
        stayed = EventSignup(event_id=event.id, status=SignupStatus.REGISTERED,
                             young_person_id=friend_bank_member(first_name="Blev").id)
        db.session.add_all([came, stayed])
        db.session.flush()
        event_id, came_id, stayed_id = event.id, came.id, stayed.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert "Kom" in client.get(f"/arrangementer/{event_id}/fremmoede").get_data(as_text=True)
    response = client.post(f"/arrangementer/{event_id}/fremmoede", data={"attended": [came_id]})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(EventSignup, came_id).attended is True
        assert db.session.get(EventSignup, stayed_id).attended is False
    bad = client.post(f"/arrangementer/{event_id}/fremmoede", data={"attended": ["424242"]})
    assert bad.status_code == 400
    assert "Vælg kun blandt de viste muligheder." in bad.get_data(as_text=True)


def test_recording_that_nobody_came_is_accepted(app, client, auth):
    with app.app_context():
        event = make_event(starts_at=datetime.now(UTC) - timedelta(days=1))
        signup = EventSignup(event_id=event.id, status=SignupStatus.REGISTERED,
                             young_person_id=friend_bank_member(first_name="Ingen").id)
        db.session.add(signup)
        db.session.commit()
        event_id, signup_id = event.id, signup.id
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/arrangementer/{event_id}/fremmoede", data={})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(EventSignup, signup_id).attended is False


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER])
def test_only_coordinators_record_attendance(app, client, auth, role):
    with app.app_context():
        event_id = make_event().id
        db.session.commit()
    auth.login_as(role)
    assert client.get(f"/arrangementer/{event_id}/fremmoede").status_code == 403


def test_an_unknown_event_is_not_found(client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.get("/arrangementer/999999").status_code == 404
    assert client.post("/arrangementer/tilmeldinger/999999/afmeld").status_code == 404
