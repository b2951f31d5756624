"""Two sign-ups for the last place at the same moment never overfill the event (PostgreSQL)."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.events import services
from coordinator.events.models import Event, EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.referrals.models import YoungPerson
from tests import factories
from tests.events.helpers import friend_bank_member, make_event

pytestmark = pytest.mark.postgres


def test_simultaneous_sign_ups_for_the_last_place_put_one_on_the_waiting_list(postgres_app):
    app = postgres_app
    with app.app_context():
        event_id = make_event(places=1).id
        people = [friend_bank_member().id for _ in range(6)]
        actor_id = factories.make_user().id
        db.session.commit()
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person_id: int) -> None:
        try:
            with app.app_context():
                event = db.session.get(Event, event_id)
                person = db.session.get(YoungPerson, person_id)
                actor = db.session.get(User, actor_id)
                barrier.wait(timeout=10)
                services.sign_up(actor, event, person, date.today())
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with app.app_context():
        counts = dict(db.session.execute(
            select(EventSignup.status, func.count())
            .where(EventSignup.event_id == event_id)
            .group_by(EventSignup.status)
        ).all())
    assert counts == {SignupStatus.REGISTERED: 1, SignupStatus.WAITLISTED: 5}
