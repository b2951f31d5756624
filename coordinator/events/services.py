"""Events against loneliness: creating them, signing young people up, waiting lists, attendance,
calendar files and feeds.

Places and the waiting list are the shared `coordinator.waiting_list` (as for courses): signing
up, cancelling and changing an event lock its row (SELECT ... FOR UPDATE on PostgreSQL) while they
count, so two sign-ups at the same moment queue behind each other.
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from coordinator.ages import age_on, birth_year_for
from coordinator.audit.services import record as audit_record
from coordinator.auth.models import Role, User
from coordinator.events import ical
from coordinator.events.models import Event, EventSignup, SignupStatus
from coordinator.extensions import db
from coordinator.matches.models import LIVE_STATUSES, Match, MeetingLog
from coordinator.referrals.models import FriendBankStatus, Referral, YoungPerson
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from coordinator.waiting_list import WaitingList

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")
ORGANISERS = (Role.COORDINATOR, Role.ADMIN)
ACTIVE_SIGNUP = (SignupStatus.REGISTERED, SignupStatus.WAITLISTED)


class SignupRefused(Exception):
    """A sign-up the rules do not allow; `message` says why in the user's language."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _record(actor: User, change: str, signup: EventSignup, detail: dict[str, Any]) -> None:
    audit_record(actor, f"event.{change}", subject=signup.young_person,
                 detail={"event_id": signup.event_id, **detail})


WAITING_LIST = WaitingList(Event, EventSignup, EventSignup.event_id, SignupStatus, _record)


# --- times --------------------------------------------------------------------------------------


def local_to_utc(day: date, clock: time) -> datetime:
    """A local (Copenhagen) date and time as an aware UTC datetime."""
    return datetime.combine(day, clock, tzinfo=LOCAL_ZONE).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # SQLite gives naive values back; they are stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE)


def fits_age(event: Event, age: int) -> bool:
    if event.min_age is not None and age < event.min_age:
        return False
    return not (event.max_age is not None and age > event.max_age)


# --- creating events ----------------------------------------------------------------------------


def can_create_events(user: User) -> bool:
    """Coordinators, admins and approved volunteers arrange events."""
    if user.role in ORGANISERS:
        return True
    volunteer = user.volunteer if user.role == Role.VOLUNTEER else None
    return volunteer is not None and volunteer.status == VolunteerStatus.APPROVED


def can_edit_event(user: User, event: Event) -> bool:
    return user.role in ORGANISERS or event.created_by_id == user.id


EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "location", "min_age",
                "max_age", "places", "cancelled")


def create_event(actor: User, values: dict[str, Any]) -> Event:
    event = Event(created_by_id=actor.id)
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    audit_record(actor, "event.created", subject=event)
    return event


def update_event(actor: User, event: Event, values: dict[str, Any]) -> Event:
    """Change an event; extra places let waiting young people in, in the order they came."""
    locked = WAITING_LIST.update(actor, event, lambda locked: _apply(locked, values))
    audit_record(actor, "event.updated", subject=locked)
    return locked


def _apply(event: Event, values: dict[str, Any]) -> None:
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])


def upcoming_events(now: datetime | None = None) -> Sequence[Event]:
    now = now or datetime.now(UTC)
    return db.session.scalars(
        select(Event).where(Event.starts_at >= now - timedelta(hours=12)).order_by(Event.starts_at)
    ).all()


def past_events(now: datetime | None = None, days: int = 60) -> Sequence[Event]:
    now = now or datetime.now(UTC)
    return db.session.scalars(
        select(Event)
        .where(Event.starts_at < now, Event.starts_at >= now - timedelta(days=days))
        .order_by(Event.starts_at.desc())
    ).all()


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def registered_count(event: Event) -> int:
    return WAITING_LIST.registered_count(event)


def free_places(event: Event) -> int:
    return WAITING_LIST.free_places(event)


# --- who may be signed up by whom ---------------------------------------------------------------


def eligible_young_people(
    user: User, event: Event | None = None, today: date | None = None
) -> list[YoungPerson]:
    """The young people this user may sign up: friend-bank members and matched young people;
    for an `event`, only those whose age this year fits its age range.

    Coordinators and admins: every verified friend-bank member and every young person in a live
    match. Caseworkers: those of their own referrals in a live match, and friend-bank members they
    signed up. Volunteers: the young people of their own live matches.
    """
    live_referral_people = (
        select(Referral.young_person_id)
        .join(Match, Match.referral_id == Referral.id)
        .where(Match.status.in_(LIVE_STATUSES), Referral.young_person_id.is_not(None))
    )
    if user.role in ORGANISERS:
        condition = or_(
            YoungPerson.friend_bank_status == FriendBankStatus.VERIFIED,
            YoungPerson.id.in_(live_referral_people),
        )
    elif user.role == Role.CASEWORKER:
        condition = or_(
            YoungPerson.id.in_(live_referral_people.where(Referral.caseworker_id == user.id)),
            (YoungPerson.signed_up_by_id == user.id)
            & (YoungPerson.friend_bank_status == FriendBankStatus.VERIFIED),
        )
    elif user.role == Role.VOLUNTEER and user.volunteer is not None:
        condition = YoungPerson.id.in_(
            live_referral_people.where(Match.volunteer_id == user.volunteer.id)
        )
    else:
        return []
    statement = select(YoungPerson).where(condition)
    if event is not None:
        day = today or date.today()
        if event.min_age is not None:
            statement = statement.where(
                YoungPerson.birth_year <= birth_year_for(event.min_age, day)
            )
        if event.max_age is not None:
            statement = statement.where(
                YoungPerson.birth_year >= birth_year_for(event.max_age, day)
            )
    return list(
        db.session.scalars(statement.order_by(YoungPerson.first_name, YoungPerson.id)).all()
    )


def visible_signups(user: User, event: Event) -> list[EventSignup]:
    """The sign-ups a user may see by name: all for organisers, otherwise their own young people."""
    active = [signup for signup in event.signups if signup.status in ACTIVE_SIGNUP]
    if user.role in ORGANISERS:
        return active
    mine = {person.id for person in eligible_young_people(user)}
    return [signup for signup in active if signup.young_person_id in mine]


def view_event(user: User, event: Event) -> list[EventSignup]:
    """The sign-ups `user` may see on `event`. The list names young people, so seeing it is
    logged like any view of their records."""
    signups = visible_signups(user, event)
    audit_record(
        user,
        "event.viewed",
        subject=event,
        detail={"young_people": [s.young_person_id for s in signups if s.young_person_id]},
    )
    return signups


def get_signup_for(user: User, signup_id: int) -> EventSignup | None:
    """A sign-up the user may cancel: organisers any, others only their own young people's."""
    signup = db.session.get(EventSignup, signup_id)
    if signup is None:
        return None
    if user.role in ORGANISERS:
        return signup
    mine = {person.id for person in eligible_young_people(user)}
    return signup if signup.young_person_id in mine else None


# --- signing up, cancelling, the waiting list ---------------------------------------------------


def sign_up(actor: User, event: Event, person: YoungPerson, today: date) -> EventSignup:
    """Sign a young person up: a place if one is free, else the waiting list."""

    def check(locked: Event) -> None:
        if locked.cancelled:
            raise SignupRefused(_l("The event is cancelled."))
        if to_local(locked.starts_at).date() < today:
            raise SignupRefused(_l("The event has already taken place."))
        if not fits_age(locked, age_on(person.birth_year, today)):
            raise SignupRefused(_l("%(name)s is outside the event's age range.",
                                   name=person.first_name))
        already = db.session.scalar(
            select(EventSignup.id).where(
                EventSignup.event_id == locked.id,
                EventSignup.young_person_id == person.id,
                EventSignup.status.in_(ACTIVE_SIGNUP),
            )
        )
        if already is not None:
            raise SignupRefused(_l("%(name)s is already signed up.", name=person.first_name))

    return WAITING_LIST.sign_up(
        actor, event, check,
        lambda locked, status: EventSignup(
            event=locked, young_person=person, status=status, signed_up_by_id=actor.id
        ),
    )


def cancel_signup(actor: User, signup: EventSignup) -> EventSignup | None:
    """Cancel a sign-up; a freed place goes to the first on the waiting list (returned)."""
    return WAITING_LIST.cancel(actor, signup)


def record_attendance(actor: User, event: Event, attended_ids: set[int]) -> None:
    """Record who came: each registered sign-up is marked as attended or not."""
    for signup in event.signups:
        if signup.status == SignupStatus.REGISTERED:
            signup.attended = signup.id in attended_ids
    db.session.flush()
    audit_record(actor, "event.attendance_recorded", subject=event,
                 detail={"attended": sorted(attended_ids)})


# --- calendars ----------------------------------------------------------------------------------


def event_item(event: Event) -> ical.CalendarItem:
    return ical.CalendarItem(
        uid=f"event-{event.id}@koordinering",
        summary=event.title,
        start=_aware(event.starts_at),
        end=_aware(event.ends_at) if event.ends_at else None,
        description=event.description,
        location=event.location,
        cancelled=event.cancelled,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def event_ics(event: Event) -> str:
    return ical.calendar([event_item(event)], name=event.title)


def volunteer_calendar_items(volunteer: Volunteer) -> list[ical.CalendarItem]:
    """The volunteer's events (arranged, or with their matched young people) and meetings."""
    matched_people = select(Referral.young_person_id).join(
        Match, Match.referral_id == Referral.id
    ).where(Match.volunteer_id == volunteer.id, Match.status.in_(LIVE_STATUSES))
    conditions = [
        Event.id.in_(
            select(EventSignup.event_id).where(
                EventSignup.status.in_(ACTIVE_SIGNUP),
                or_(
                    EventSignup.volunteer_id == volunteer.id,
                    EventSignup.young_person_id.in_(matched_people),
                ),
            )
        )
    ]
    if volunteer.user_id is not None:
        conditions.append(Event.created_by_id == volunteer.user_id)  # type: ignore[arg-type]
    events = db.session.scalars(
        select(Event).where(or_(*conditions)).order_by(Event.starts_at)
    ).all()
    meetings = db.session.scalars(
        select(MeetingLog)
        .join(MeetingLog.match)
        .where(Match.volunteer_id == volunteer.id)
        .order_by(MeetingLog.met_on)
    ).all()
    items = [event_item(event) for event in events]
    # Meetings carry the volunteer's own note of the activity and never a young person's name.
    items += [
        ical.CalendarItem(
            uid=f"meeting-{meeting.id}@koordinering",
            summary=str(_l("Meeting: %(activity)s", activity=meeting.activity)),
            start=meeting.met_on,
            end=meeting.met_on + timedelta(days=1),
        )
        for meeting in meetings
    ]
    return items


def volunteer_feed(volunteer: Volunteer) -> str:
    return ical.calendar(volunteer_calendar_items(volunteer), name=str(_l("My volunteering")))


def read_calendar_feed(volunteer: Volunteer) -> str:
    """The volunteer's calendar feed, fetched by their calendar app. It names the young people
    the volunteer meets, so it is logged as a read of their records (no user: the secret
    address is the key)."""
    audit_record(None, "calendar_feed.read", subject=volunteer, actor_label="calendar feed")
    return volunteer_feed(volunteer)


def volunteer_for_token(token: str) -> Volunteer | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Volunteer).where(Volunteer.calendar_token == token))


def reset_calendar_token(actor: User, volunteer: Volunteer) -> str:
    """Give the volunteer a new secret feed address; the old one stops working at once."""
    volunteer.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    audit_record(actor, "volunteer.calendar_token_reset", subject=volunteer)
    return volunteer.calendar_token
