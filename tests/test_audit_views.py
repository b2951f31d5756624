"""Pages that show people's records write the audit log (who saw what, when)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.events.models import EventSignup, SignupStatus
from coordinator.extensions import db
from tests import factories
from tests.events.helpers import friend_bank_member, make_event


def _entries(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_viewing_an_organisation_logs_the_volunteers_shown(app, client, auth):
    with app.app_context():
        organisation = factories.make_organisation()
        volunteer = factories.make_volunteer(organisation=organisation)
        db.session.commit()
        organisation_id, volunteer_id = organisation.id, volunteer.id
    user = auth.login_as(Role.COORDINATOR)
    assert client.get(f"/organisationer/{organisation_id}").status_code == 200
    (entry,) = _entries(app, "organisation.viewed")
    assert entry.actor_id == user.id
    assert entry.detail == {"volunteers": [volunteer_id]}


def test_viewing_an_event_logs_the_young_people_shown(app, client, auth):
    with app.app_context():
        event = make_event(starts_at=datetime.now(UTC) + timedelta(days=3))
        person = friend_bank_member(first_name="Synlig")
        db.session.add(
            EventSignup(
                event_id=event.id, young_person_id=person.id, status=SignupStatus.REGISTERED
            )
        )
        db.session.commit()
        event_id, person_id = event.id, person.id
    auth.login_as(Role.COORDINATOR)
    assert "Synlig" in client.get(f"/arrangementer/{event_id}").get_data(as_text=True)
    (entry,) = _entries(app, "event.viewed")
    assert entry.detail == {"young_people": [person_id]}
