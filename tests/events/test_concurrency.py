"""Sign-ups for the last place at the same moment never overfill the event, on any database."""

import threading
from datetime import date

from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.events import services
from coordinator.events.models import Event, EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.referrals.models import YoungPerson
from tests import factories
from tests.events.helpers import friend_bank_member, make_event

# Enough rounds that the old code (FOR UPDATE alone, a no-op on SQLite) failed.
TRIALS = 10


def _sign_up_at_once(app, event_id: int, people: list[int], actor_id: int) -> list[Exception]:
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person_id: int) -> None:
        try:
            with app.app_context():
                event = db.session.get(Event, event_id)
                person = db.session.get(YoungPerson, person_id)
                actor = db.session.get(User, actor_id)
                barrier.wait(timeout=30)
                services.sign_up(actor, event, person, date.today())
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_simultaneous_sign_ups_for_the_last_place_put_one_on_the_waiting_list(race_app):
    app = race_app
    with app.app_context():
        actor_id = factories.make_user().id
        db.session.commit()
    for trial in range(TRIALS):
        with app.app_context():
            event_id = make_event(places=1).id
            people = [friend_bank_member().id for _ in range(6)]
            db.session.commit()
        errors = _sign_up_at_once(app, event_id, people, actor_id)
        assert errors == [], trial
        with app.app_context():
            counts = dict(db.session.execute(
                select(EventSignup.status, func.count())
                .where(EventSignup.event_id == event_id)
                .group_by(EventSignup.status)
            ).all())
        assert counts == {SignupStatus.REGISTERED: 1, SignupStatus.WAITLISTED: 5}, trial
