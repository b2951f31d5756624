"""Friend-bank pairs are suggested an event as their first meeting."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.events.models import EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.friendbank import pairs
from tests.events.helpers import friend_bank_member, friend_pair, live_match, make_event

SOON = datetime.now(UTC) + timedelta(days=5)


def test_suggestions_fit_both_ages_and_have_room_for_both(app):
    with app.app_context():
        a, b = friend_bank_member(16), friend_bank_member(18)
        fits = make_event(title="Passer", starts_at=SOON, min_age=15, max_age=20)
        make_event(title="For unge", starts_at=SOON, min_age=13, max_age=17)
        make_event(title="Aflyst", starts_at=SOON, cancelled=True)
        make_event(title="Forbi", starts_at=datetime.now(UTC) - timedelta(days=2))
        almost_full = make_event(title="Næsten fuldt", starts_at=SOON, places=2)
        db.session.add(EventSignup(event_id=almost_full.id,
                                   young_person_id=friend_bank_member().id,
                                   status=SignupStatus.REGISTERED))
        later = make_event(title="Senere", starts_at=SOON + timedelta(days=3))
        db.session.flush()
        titles = [e.title for e in pairs.suggest_events_for_pair(a, b, date.today())]
        assert titles == [fits.title, later.title]


def test_coordinator_signs_a_pair_up_for_a_suggested_first_meeting(app, client, auth):
    with app.app_context():
        match = friend_pair()
        event_id = make_event(title="Spilaften", starts_at=SOON).id
        match_id, a_id, b_id = match.id, match.friend_a_id, match.friend_b_id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/arrangementer/vennepar/{match_id}").get_data(as_text=True)
    assert "Asta og Bertil" in page
    assert "Spilaften" in page
    with app.app_context():
        opened = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "match.viewed")
        ).all()
        assert [(e.subject_type, e.subject_id, e.detail) for e in opened] == [
            ("Match", match_id, {"page": "first_meeting"})
        ]
    response = client.post(f"/arrangementer/vennepar/{match_id}", data={"event_id": event_id})
    assert response.status_code == 302
    with app.app_context():
        signed = set(db.session.scalars(
            select(EventSignup.young_person_id).where(EventSignup.event_id == event_id)
        ))
    assert signed == {a_id, b_id}


@pytest.mark.parametrize("value", ["", "x", "999999"])
def test_choosing_an_event_not_suggested_gets_a_danish_message(app, client, auth, value):
    with app.app_context():
        match_id = friend_pair().id
        make_event(starts_at=SOON)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/arrangementer/vennepar/{match_id}", data={"event_id": value})
    assert response.status_code == 400
    assert "Vælg en af mulighederne." in response.get_data(as_text=True)


def test_a_volunteer_match_is_not_a_friend_pair(app, client, auth):
    with app.app_context():
        match, _ = live_match()
        match_id = match.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert client.get(f"/arrangementer/vennepar/{match_id}").status_code == 404
    assert client.get("/arrangementer/vennepar/999999").status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_only_coordinators_suggest_first_meetings(app, client, auth, role):
    with app.app_context():
        match_id = friend_pair().id
        db.session.commit()
    auth.login_as(role)
    assert client.get(f"/arrangementer/vennepar/{match_id}").status_code == 403
