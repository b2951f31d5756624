"""The club, run by the young people: proposals are invisible until a coordinator approves them
with an adult host; sign-up respects the age range and the waiting list, also under a race."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import Role, User
from coordinator.events.models import Event, EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.referrals.models import YoungPerson
from coordinator.volunteers.models import VolunteerStatus
from coordinator.young import club
from coordinator.young.models import ActivityKind, ActivityStatus, ClubActivity
from tests import factories
from tests.young.helpers import sign_in, young_account

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


def _proposal(**overrides) -> dict:
    data = {"kind": "film_night", "title": "Filmaften med popcorn", "description": "Vi ser film.",
            "day": NEXT_WEEK, "start_time": "19:00", "location": "Ungdomshuset",
            "min_age": "15", "max_age": "18", "places": "2"}
    data.update(overrides)
    return data


def _two_young(app) -> tuple[str, str]:
    with app.app_context():
        a, _ = young_account(age=16, name="Test Asta")
        b, _ = young_account(age=17, name="Test Bertil")
        db.session.commit()
        return a.email, b.email


def test_a_proposal_is_invisible_until_approved_with_a_host(app, client, auth):
    asta, bertil = _two_young(app)
    sign_in(client, app, asta)
    response = client.post("/ung/klub/foreslaa", data=_proposal())
    assert response.status_code == 302
    assert "Venter på en koordinator" in client.get("/ung/klub").get_data(as_text=True)
    # Bertil does not see it, nor does a volunteer's list of events.
    sign_in(client, app, bertil)
    assert "Filmaften med popcorn" not in client.get("/ung/klub").get_data(as_text=True)
    assert "Filmaften med popcorn" not in client.get("/ung/").get_data(as_text=True)
    auth.login_as(Role.VOLUNTEER)
    assert "Filmaften med popcorn" not in client.get("/arrangementer").get_data(as_text=True)
    with app.app_context():
        activity_id = db.session.scalar(select(ClubActivity.id))
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0

    # A coordinator cannot approve without choosing a host.
    auth.login_as(Role.COORDINATOR)
    assert "Filmaften med popcorn" in client.get("/ung/koordinator").get_data(as_text=True)
    refused = client.post(f"/ung/koordinator/forslag/{activity_id}/godkend",
                          data={f"a{activity_id}-host_id": ""})
    assert refused.status_code == 303
    with app.app_context():
        assert db.session.get(ClubActivity, activity_id).status == ActivityStatus.PROPOSED
        host = factories.make_volunteer(status=VolunteerStatus.APPROVED,
                                        user=factories.make_user(Role.VOLUNTEER))
        db.session.commit()
        host_user_id = host.user_id
    approved = client.post(f"/ung/koordinator/forslag/{activity_id}/godkend",
                           data={f"a{activity_id}-host_id": str(host_user_id)})
    assert approved.status_code == 302
    with app.app_context():
        activity = db.session.get(ClubActivity, activity_id)
        assert activity.status == ActivityStatus.APPROVED
        assert activity.host_id == host_user_id
        assert activity.event is not None

    sign_in(client, app, bertil)
    assert "Filmaften med popcorn" in client.get("/ung/klub").get_data(as_text=True)


def test_an_unscreened_volunteer_cannot_host(app):
    with app.app_context():
        _user, person = young_account()
        activity = club.propose(person, _user, {
            "kind": ActivityKind.FOOTBALL, "title": "Fodbold", "description": "",
            "starts_at": datetime.now(UTC) + timedelta(days=3), "location": "Banen",
            "min_age": None, "max_age": None, "places": 10})
        applicant = factories.make_volunteer(status=VolunteerStatus.IN_SCREENING,
                                             user=factories.make_user(Role.VOLUNTEER))
        coordinator = factories.make_user(Role.COORDINATOR)
        with pytest.raises(club.ClubRefused):
            club.approve(activity, by=coordinator, host=applicant.user)
        with pytest.raises(club.ClubRefused):
            club.approve(activity, by=coordinator, host=None)
        assert activity.status == ActivityStatus.PROPOSED


def test_the_database_refuses_an_approved_activity_without_a_host(app):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        _user, person = young_account()
        db.session.add(ClubActivity(
            proposed_by_id=person.id, kind=ActivityKind.TALK, title="Oplæg",
            starts_at=datetime.now(UTC) + timedelta(days=3), location="Salen", places=5,
            status=ActivityStatus.APPROVED, host_id=None))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_the_proposer_edits_until_it_starts_and_nobody_else_can(app, client):
    asta, bertil = _two_young(app)
    sign_in(client, app, asta)
    client.post("/ung/klub/foreslaa", data=_proposal())
    with app.app_context():
        activity_id = db.session.scalar(select(ClubActivity.id))
    assert client.get(f"/ung/klub/forslag/{activity_id}").status_code == 200
    changed = client.post(f"/ung/klub/forslag/{activity_id}",
                          data=_proposal(title="Gyserfilm", location="Kælderen"))
    assert changed.status_code == 302
    with app.app_context():
        assert db.session.get(ClubActivity, activity_id).title == "Gyserfilm"
    sign_in(client, app, bertil)
    assert client.get(f"/ung/klub/forslag/{activity_id}").status_code == 404
    assert client.post(f"/ung/klub/forslag/{activity_id}",
                       data=_proposal(title="Kapret")).status_code == 404
    with app.app_context():
        activity = db.session.get(ClubActivity, activity_id)
        assert activity.title == "Gyserfilm"
        activity.starts_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    sign_in(client, app, asta)
    late = client.post(f"/ung/klub/forslag/{activity_id}", data=_proposal(title="For sent"))
    assert late.status_code == 303
    with app.app_context():
        assert db.session.get(ClubActivity, activity_id).title == "Gyserfilm"


def test_editing_an_approved_activity_changes_its_event(app):
    with app.app_context():
        user, person = young_account()
        activity = club.propose(person, user, {
            "kind": ActivityKind.GAME_NIGHT, "title": "Spil", "description": "",
            "starts_at": datetime.now(UTC) + timedelta(days=3), "location": "Klubben",
            "min_age": None, "max_age": None, "places": 10})
        staff = factories.make_user(Role.COORDINATOR)
        event = club.approve(activity, by=staff, host=staff)
        club.edit(person, user, activity, {"location": "Biblioteket", "places": 4})
        assert event.location == "Biblioteket"
        assert event.places == 4


def test_a_proposal_with_bad_input_keeps_what_was_typed(app, client):
    asta, _ = _two_young(app)
    sign_in(client, app, asta)
    response = client.post("/ung/klub/foreslaa",
                           data=_proposal(places="mange", min_age="17", max_age="15"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Filmaften med popcorn" in html
    assert "Skriv antal pladser, fra 1 til 100." in html
    assert "Den øvre alder må ikke være under den nedre." in html or "alder" in html


def _approved_event(places: int, min_age: int | None = None, max_age: int | None = None) -> int:
    staff = factories.make_user(Role.COORDINATOR)
    user, person = young_account(age=16)
    activity = club.propose(person, user, {
        "kind": ActivityKind.FOOTBALL, "title": "Fodbold", "description": "",
        "starts_at": datetime.now(UTC) + timedelta(days=3), "location": "Banen",
        "min_age": min_age, "max_age": max_age, "places": places})
    return club.approve(activity, by=staff, host=staff).id


def test_sign_up_respects_the_age_range(app, client):
    with app.app_context():
        event_id = _approved_event(places=5, min_age=17, max_age=19)
        young, _ = young_account(age=16)
        older, _ = young_account(age=18)
        db.session.commit()
        young_email, older_email = young.email, older.email
    sign_in(client, app, young_email)
    assert "Fodbold" not in client.get("/ung/klub").get_data(as_text=True)
    assert client.post(f"/ung/arrangementer/{event_id}/tilmeld").status_code == 404
    sign_in(client, app, older_email)
    assert client.post(f"/ung/arrangementer/{event_id}/tilmeld").status_code == 302
    with app.test_request_context():
        assert db.session.scalar(select(func.count()).select_from(EventSignup)) == 1
        # The service refuses too, whoever calls it.
        person = db.session.scalar(select(YoungPerson).join(
            User, User.id == YoungPerson.user_id).where(User.email == young_email))
        with pytest.raises(club.events.SignupRefused):
            club.sign_up_self(person, db.session.get(User, person.user_id),
                              db.session.get(Event, event_id), date.today())


def test_a_full_event_puts_me_on_the_waiting_list_and_cancelling_moves_it_up(app, client):
    with app.app_context():
        event_id = _approved_event(places=1)
        first, _ = young_account()
        second, _ = young_account()
        db.session.commit()
        emails = first.email, second.email
    sign_in(client, app, emails[0])
    client.post(f"/ung/arrangementer/{event_id}/tilmeld")
    sign_in(client, app, emails[1])
    client.post(f"/ung/arrangementer/{event_id}/tilmeld")
    assert "Du er på ventelisten." in client.get("/ung/klub").get_data(as_text=True)
    sign_in(client, app, emails[0])
    assert client.post(f"/ung/arrangementer/{event_id}/afmeld").status_code == 302
    sign_in(client, app, emails[1])
    assert "Du er tilmeldt." in client.get("/ung/klub").get_data(as_text=True)


def _sign_up_at_once(app, event_id: int, pairs: list[tuple[int, int]]) -> list[Exception]:
    barrier = threading.Barrier(len(pairs))
    errors: list[Exception] = []

    def go(person_id: int, user_id: int) -> None:
        try:
            # A request context, as in the view: a refusal's message is rendered in Danish.
            with app.test_request_context():
                event = db.session.get(Event, event_id)
                person = db.session.get(YoungPerson, person_id)
                user = db.session.get(User, user_id)
                barrier.wait(timeout=30)
                try:
                    club.sign_up_self(person, user, event, date.today())
                except club.events.SignupRefused:
                    db.session.rollback()
                    return
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=go, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_simultaneous_sign_ups_respect_places_and_ages(race_app):
    app = race_app
    for trial in range(5):
        with app.app_context():
            event_id = _approved_event(places=2, min_age=15, max_age=17)
            pairs = []
            for age in (15, 16, 16, 17, 17, 19, 20):
                user, person = young_account(age=age)
                pairs.append((person.id, user.id))
            db.session.commit()
        errors = _sign_up_at_once(app, event_id, pairs)
        assert errors == [], trial
        with app.app_context():
            counts = dict(db.session.execute(
                select(EventSignup.status, func.count())
                .where(EventSignup.event_id == event_id)
                .group_by(EventSignup.status)
            ).all())
            ages = set(db.session.scalars(
                select(YoungPerson.birth_year).join(
                    EventSignup, EventSignup.young_person_id == YoungPerson.id)
                .where(EventSignup.event_id == event_id)
            ))
        assert counts == {SignupStatus.REGISTERED: 2, SignupStatus.WAITLISTED: 3}, trial
        assert all(15 <= date.today().year - year <= 17 for year in ages), trial
