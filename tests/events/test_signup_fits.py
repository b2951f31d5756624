"""Signing a young person up for an event offers only those who fit its age range and belong to
the person signing up; the staff's friend-bank form speaks about the young person."""

from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories
from tests.events.helpers import live_match, make_event


def _offered(html: str, *names: str) -> set[str]:
    form = html.split('name="young_person_id"', 1)[-1].split("</select>", 1)[0]
    return {name for name in names if name in form}


def test_only_young_people_of_the_events_age_range_are_offered(app, client, auth):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        live_match(caseworker=caseworker, age=10, first_name="Tiårige")
        live_match(caseworker=caseworker, age=17, first_name="Sytten")
        event_id = make_event(min_age=15, max_age=23).id
        open_event_id = make_event().id
        db.session.commit()
        email = caseworker.email
    auth.login(email, factories.PASSWORD)
    html = client.get(f"/arrangementer/{event_id}").get_data(as_text=True)
    assert _offered(html, "Tiårige", "Sytten") == {"Sytten"}
    everyone = client.get(f"/arrangementer/{open_event_id}").get_data(as_text=True)
    assert _offered(everyone, "Tiårige", "Sytten") == {"Tiårige", "Sytten"}


def test_a_caseworker_is_offered_only_their_own_young_people(app, client, auth):
    with app.app_context():
        mine = factories.make_user(Role.CASEWORKER)
        live_match(caseworker=mine, age=16, first_name="Egen")
        live_match(age=16, first_name="Fremmed")
        event_id = make_event(min_age=15, max_age=23).id
        db.session.commit()
        email = mine.email
    auth.login(email, factories.PASSWORD)
    html = client.get(f"/arrangementer/{event_id}").get_data(as_text=True)
    assert _offered(html, "Egen", "Fremmed") == {"Egen"}


def test_the_staff_friend_bank_form_speaks_about_the_young_person(app, client, auth):
    auth.login_as(Role.CASEWORKER)
    html = client.get("/vennebank/tilmeld-ung").get_data(as_text=True)
    assert "Den unge ønsker en ven af samme køn" in html
    assert "Jeg vil gerne" not in html
    assert "Om mig" not in html
