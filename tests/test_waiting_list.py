"""The waiting list that courses and events share: what the audit log says at each step, and
that places freed at the same moment all go to the people waiting (on SQLite and PostgreSQL)."""

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import User
from coordinator.courses import services as courses
from coordinator.courses.models import CourseSignup, CourseSignupStatus
from coordinator.events import services as events
from coordinator.events.models import EventSignup, SignupStatus
from coordinator.extensions import db
from tests import factories
from tests.courses.helpers import make_course
from tests.events.helpers import friend_bank_member, make_event


def _trail(prefix: str) -> list[tuple[str, str | None, int | None, dict]]:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like(f"{prefix}.%")).order_by(AuditEntry.id)
    )
    return [(e.action, e.subject_type, e.subject_id, e.detail) for e in entries]


def test_a_course_waiting_list_is_audited_at_every_step(app):
    with app.app_context():
        course = make_course(places=1)
        coordinator = factories.make_user()
        first, second, third = (factories.make_volunteer() for _ in range(3))
        now = datetime.now(UTC)
        signup = courses.sign_up(first.user, course, first, now)
        for volunteer in (second, third):
            courses.sign_up(volunteer.user, course, volunteer, now)
        courses.update_course(coordinator, course, {"places": 2})
        courses.cancel(first.user, signup)
        db.session.commit()
        key = {"course_id": course.id}
        assert _trail("course") == [
            ("course.signed_up", "Volunteer", first.id, {**key, "status": "registered"}),
            ("course.signed_up", "Volunteer", second.id, {**key, "status": "waitlisted"}),
            ("course.signed_up", "Volunteer", third.id, {**key, "status": "waitlisted"}),
            ("course.promoted_from_waiting_list", "Volunteer", second.id, key),
            ("course.updated", "Course", course.id, {}),
            ("course.signup_cancelled", "Volunteer", first.id, key),
            ("course.promoted_from_waiting_list", "Volunteer", third.id, key),
        ]


def test_an_event_waiting_list_is_audited_at_every_step(app):
    with app.app_context():
        event = make_event(places=1)
        coordinator = factories.make_user()
        first, second, third = (friend_bank_member() for _ in range(3))
        signup = events.sign_up(coordinator, event, first, date.today())
        for person in (second, third):
            events.sign_up(coordinator, event, person, date.today())
        events.update_event(coordinator, event, {"places": 2})
        events.cancel_signup(coordinator, signup)
        db.session.commit()
        key = {"event_id": event.id}
        assert _trail("event") == [
            ("event.signed_up", "YoungPerson", first.id, {**key, "status": "registered"}),
            ("event.signed_up", "YoungPerson", second.id, {**key, "status": "waitlisted"}),
            ("event.signed_up", "YoungPerson", third.id, {**key, "status": "waitlisted"}),
            ("event.promoted_from_waiting_list", "YoungPerson", second.id, key),
            ("event.updated", "Event", event.id, {}),
            ("event.signup_cancelled", "YoungPerson", first.id, key),
            ("event.promoted_from_waiting_list", "YoungPerson", third.id, key),
        ]


# Enough rounds that cancelling without the offer's row lock lost a place on PostgreSQL.
TRIALS = 6


def _course_with_two_waiting() -> tuple[type, list[int]]:
    course = make_course(places=2)
    statuses = [CourseSignupStatus.REGISTERED] * 2 + [CourseSignupStatus.WAITLISTED] * 2
    volunteers = [factories.make_volunteer() for _ in statuses]
    rows = [CourseSignup(course=course, volunteer=volunteer, status=status)
            for volunteer, status in zip(volunteers, statuses, strict=True)]
    db.session.add_all(rows)
    db.session.flush()
    return CourseSignup, [row.id for row in rows]


def _event_with_two_waiting() -> tuple[type, list[int]]:
    event = make_event(places=2)
    statuses = [SignupStatus.REGISTERED] * 2 + [SignupStatus.WAITLISTED] * 2
    people = [friend_bank_member() for _ in statuses]
    rows = [EventSignup(event=event, young_person=person, status=status)
            for person, status in zip(people, statuses, strict=True)]
    db.session.add_all(rows)
    db.session.flush()
    return EventSignup, [row.id for row in rows]


FEATURES: dict[str, tuple[Callable[[], tuple[type, list[int]]], Callable]] = {
    "course": (_course_with_two_waiting, courses.cancel),
    "event": (_event_with_two_waiting, events.cancel_signup),
}


def _cancel_at_once(app, model: type, signup_ids: list[int], cancel: Callable,
                    actor_id: int) -> list[Exception]:
    barrier = threading.Barrier(len(signup_ids))
    errors: list[Exception] = []

    def run(signup_id: int) -> None:
        try:
            with app.app_context():
                signup = db.session.get(model, signup_id)
                actor = db.session.get(User, actor_id)
                barrier.wait(timeout=30)
                cancel(actor, signup)
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in signup_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.parametrize("feature", FEATURES)
def test_two_places_freed_at_the_same_moment_both_go_to_the_people_waiting(race_app, feature):
    app = race_app
    make_rows, cancel = FEATURES[feature]
    with app.app_context():
        actor_id = factories.make_user().id
        db.session.commit()
    for trial in range(TRIALS):
        with app.app_context():
            model, ids = make_rows()
            db.session.commit()
        errors = _cancel_at_once(app, model, ids[:2], cancel, actor_id)
        assert errors == [], trial
        with app.app_context():
            statuses = [db.session.get(model, signup_id).status for signup_id in ids]
        assert statuses == ["cancelled", "cancelled", "registered", "registered"], trial
