"""The club, run by the young people: they propose, a coordinator approves with an adult host.

A proposal is seen only by the young person who made it and by the coordinators. Approving it
needs a host (a screened, approved volunteer or a member of staff) and creates an ordinary event,
so signing up uses the events' own waiting list, age range and row lock.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from coordinator import locking
from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import STAFF_ROLES, Role, User
from coordinator.db_types import utcnow
from coordinator.events import services as events
from coordinator.events.models import Event, EventSignup
from coordinator.extensions import db
from coordinator.referrals.models import YoungPerson
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from coordinator.young.models import ActivityStatus, ClubActivity

ACTIVITY_FIELDS = ("kind", "title", "description", "starts_at", "location", "min_age",
                   "max_age", "places")
EVENT_FIELDS = ("title", "description", "starts_at", "location", "min_age", "max_age", "places")


class ClubRefused(Exception):
    """A club action the rules do not allow; `message` says why in the user's language."""

    def __init__(self, message: object) -> None:
        # Kept lazy: rendered in the reader's language when shown, also outside a request.
        super().__init__("club action refused")
        self.message = message


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def has_started(activity: ClubActivity, now: datetime) -> bool:
    return _aware(activity.starts_at) <= now


def propose(person: YoungPerson, actor: User, values: dict[str, Any]) -> ClubActivity:
    """A young person proposes an activity; nobody else sees it before it is approved."""
    activity = ClubActivity(proposed_by_id=person.id, status=ActivityStatus.PROPOSED)
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, values[name])
    db.session.add(activity)
    db.session.flush()
    audit.record(actor, "club.proposed", subject=activity)
    return activity


def get_own_activity(person: YoungPerson, activity_id: int) -> ClubActivity | None:
    """An activity the young person proposed (guessing another id finds nothing)."""
    activity = db.session.get(ClubActivity, activity_id)
    if activity is None or activity.proposed_by_id != person.id:
        return None
    return activity


def own_activities(person: YoungPerson) -> Sequence[ClubActivity]:
    return db.session.scalars(
        select(ClubActivity)
        .where(ClubActivity.proposed_by_id == person.id)
        .order_by(ClubActivity.starts_at.desc(), ClubActivity.id)
    ).all()


def editable_ids(activities: Sequence[ClubActivity], now: datetime) -> set[int]:
    """Which of the proposer's activities may still be changed (not started, not refused)."""
    return {
        activity.id
        for activity in activities
        if activity.status in (ActivityStatus.PROPOSED, ActivityStatus.APPROVED)
        and not has_started(activity, now)
    }


def edit(person: YoungPerson, actor: User, activity: ClubActivity, values: dict[str, Any],
         now: datetime | None = None) -> ClubActivity:
    """The proposer changes the activity until it starts; an approved one changes its event."""
    now = now or utcnow()
    if activity.proposed_by_id != person.id:
        raise ClubRefused(_l("Only the young person who proposed the activity can change it."))
    if has_started(activity, now) or activity.status in (
        ActivityStatus.REJECTED, ActivityStatus.WITHDRAWN
    ):
        raise ClubRefused(_l("The activity can no longer be changed."))
    for name in ACTIVITY_FIELDS:
        if name in values:
            setattr(activity, name, values[name])
    db.session.flush()
    if activity.event is not None:
        events.update_event(actor, activity.event, {name: values[name] for name in EVENT_FIELDS
                                                    if name in values})
    audit.record(actor, "club.edited", subject=activity)
    return activity


def possible_hosts() -> Sequence[User]:
    """Adults who may host a club activity: coordinators, caseworkers and admins, and approved
    (fully screened) volunteers with an account."""
    approved_volunteers = select(Volunteer.user_id).where(
        Volunteer.status == VolunteerStatus.APPROVED, Volunteer.user_id.is_not(None)
    )
    return db.session.scalars(
        select(User)
        .where(
            User.active.is_(True),
            or_(User.role.in_(STAFF_ROLES), User.id.in_(approved_volunteers)),
        )
        .order_by(User.name, User.id)
    ).all()


def may_host(user: User | None) -> bool:
    if user is None or not user.active:
        return False
    if user.role in STAFF_ROLES:
        return True
    volunteer = user.volunteer if user.role == Role.VOLUNTEER else None
    return volunteer is not None and volunteer.status == VolunteerStatus.APPROVED


def pending() -> Sequence[ClubActivity]:
    """Proposals waiting for a coordinator, soonest first."""
    return db.session.scalars(
        select(ClubActivity)
        .where(ClubActivity.status == ActivityStatus.PROPOSED)
        .order_by(ClubActivity.starts_at, ClubActivity.id)
    ).all()


def approve(activity: ClubActivity, *, by: User, host: User | None,
            now: datetime | None = None) -> Event:
    """Approve with an adult host: the activity becomes an event others can sign up for."""
    now = now or utcnow()
    activity = locking.lock(ClubActivity, activity.id)
    if activity.status != ActivityStatus.PROPOSED:
        raise ClubRefused(_l("The activity has already been decided."))
    if not may_host(host):
        raise ClubRefused(_l("Choose an adult host: a screened volunteer or a member of staff."))
    assert host is not None  # for the type checker: may_host refused None
    if has_started(activity, now):
        raise ClubRefused(_l("The activity has already started."))
    event = events.create_event(by, {name: getattr(activity, name) for name in EVENT_FIELDS})
    activity.host_id = host.id
    activity.event_id = event.id
    activity.status = ActivityStatus.APPROVED
    activity.decided_by_id = by.id
    activity.decided_at = now
    db.session.flush()
    audit.record(by, "club.approved", subject=activity, detail={"host_id": host.id})
    return event


def reject(activity: ClubActivity, *, by: User, now: datetime | None = None) -> None:
    activity = locking.lock(ClubActivity, activity.id)
    if activity.status != ActivityStatus.PROPOSED:
        raise ClubRefused(_l("The activity has already been decided."))
    activity.status = ActivityStatus.REJECTED
    activity.decided_by_id = by.id
    activity.decided_at = now or utcnow()
    db.session.flush()
    audit.record(by, "club.rejected", subject=activity)


def club_activity_of(event: Event) -> ClubActivity | None:
    return db.session.scalar(select(ClubActivity).where(ClubActivity.event_id == event.id))


def events_for(person: YoungPerson, today: date, now: datetime | None = None) -> list[Event]:
    """Upcoming events (club activities and the unit's own) whose age range fits the person."""
    age = age_on(person.birth_year, today)
    return [
        event
        for event in events.upcoming_events(now)
        if not event.cancelled and events.fits_age(event, age)
        and _aware(event.starts_at) >= (now or utcnow())
    ]


def my_signups(person: YoungPerson) -> dict[int, EventSignup]:
    """The person's own active sign-ups, by event id."""
    rows = db.session.scalars(
        select(EventSignup).where(
            EventSignup.young_person_id == person.id,
            EventSignup.status.in_(events.ACTIVE_SIGNUP),
        )
    ).all()
    return {row.event_id: row for row in rows}


def get_event_for(person: YoungPerson, event_id: int, today: date) -> Event | None:
    """An event the young person may see: upcoming, not cancelled, and for their age."""
    event = db.session.get(Event, event_id)
    if event is None or event.cancelled or not events.fits_age(
        event, age_on(person.birth_year, today)
    ):
        return None
    return event


def sign_up_self(person: YoungPerson, actor: User, event: Event, today: date) -> EventSignup:
    """The young person signs themselves up (a place, or the waiting list); race-safe."""
    return events.sign_up(actor, event, person, today)


def cancel_own(person: YoungPerson, actor: User, event: Event) -> EventSignup | None:
    signup = my_signups(person).get(event.id)
    if signup is None:
        raise ClubRefused(_l("You are not signed up."))
    return events.cancel_signup(actor, signup)
