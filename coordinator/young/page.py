"""What a young person's own page shows: their friend, their mentor, events, what is new.

Only what the young person needs: a friend's first name, age, what they share and how the first
meeting is arranged; a mentor's first name and next meeting. Contact details appear only when
both friends said yes and a coordinator approved.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import User
from coordinator.db_types import utcnow
from coordinator.events.models import Event, EventSignup
from coordinator.events.services import ACTIVE_SIGNUP
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus, MeetingLog
from coordinator.referrals.models import YoungPerson
from coordinator.vocabulary import MatchType
from coordinator.young import club, voice
from coordinator.young.models import ClubActivity, ContactExchange, YoungSignal


@dataclass
class FriendView:
    match_id: int
    first_name: str
    age: int
    shared_interests: list[str]
    first_meeting: Event | None
    arrangement: str
    i_said_yes: bool
    check_in_due: bool = False
    contact_email: str | None = None
    contact_phone: str | None = None
    waiting_for_approval: bool = False


@dataclass
class MentorView:
    match_id: int
    first_name: str
    next_meeting: date | None
    frequency: str
    paused: bool
    check_in_due: bool = False


@dataclass
class MyPage:
    person: YoungPerson
    friends: list[FriendView] = field(default_factory=list)
    mentors: list[MentorView] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    signups: dict[int, EventSignup] = field(default_factory=dict)
    news: list[tuple[datetime, str, dict[str, str]]] = field(default_factory=list)
    proposals: Sequence[ClubActivity] = ()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _exchange(match: Match) -> ContactExchange | None:
    return db.session.scalar(select(ContactExchange).where(ContactExchange.match_id == match.id))


def _friend_view(person: YoungPerson, match: Match, today: date,
                 signups: dict[int, EventSignup]) -> FriendView:
    mine_is_a = match.friend_a_id == person.id
    friend = match.friend_b if mine_is_a else match.friend_a
    assert friend is not None
    shared = sorted(set(person.interests or []) & set(friend.interests or []))
    # The first meeting: an upcoming event both are signed up for, else the agreed words.
    theirs = {
        row.event_id
        for row in db.session.scalars(
            select(EventSignup).where(EventSignup.young_person_id == friend.id,
                                      EventSignup.status.in_(ACTIVE_SIGNUP))
        )
    }
    together = [
        signup.event for event_id, signup in signups.items()
        if event_id in theirs and _aware(signup.event.starts_at) >= utcnow()
    ]
    together.sort(key=lambda event: _aware(event.starts_at))
    exchange = _exchange(match)
    i_said_yes = bool(exchange and (exchange.friend_a_yes_at if mine_is_a
                                    else exchange.friend_b_yes_at))
    view = FriendView(
        match_id=match.id,
        first_name=friend.first_name,
        age=age_on(friend.birth_year, today),
        shared_interests=shared,
        first_meeting=together[0] if together else None,
        arrangement=match.agreement_activities or "",
        i_said_yes=i_said_yes,
    )
    if exchange is not None and exchange.both_said_yes:
        if exchange.approved_at is not None:
            view.contact_email, view.contact_phone = friend.email, friend.phone
        else:
            view.waiting_for_approval = True
    return view


def _mentor_view(match: Match, today: date) -> MentorView:
    volunteer = match.volunteer
    assert volunteer is not None
    upcoming = db.session.scalar(
        select(MeetingLog.met_on)
        .where(MeetingLog.match_id == match.id, MeetingLog.met_on >= today)
        .order_by(MeetingLog.met_on)
        .limit(1)
    )
    return MentorView(
        match_id=match.id,
        first_name=volunteer.first_name,
        next_meeting=upcoming,
        frequency=match.agreement_frequency or "",
        paused=match.status == MatchStatus.PAUSED,
    )


def my_page(user: User, person: YoungPerson, today: date) -> MyPage:
    """Everything on the young person's own page; only their own records are read."""
    page = MyPage(person=person)
    page.signups = club.my_signups(person)
    for match in voice.own_matches(person):
        due = voice.check_in_due(match, person, today)
        if match.match_type == MatchType.FRIEND_BANK:
            page.friends.append(_friend_view(person, match, today, page.signups))
            page.friends[-1].check_in_due = due
        elif match.volunteer is not None:
            page.mentors.append(_mentor_view(match, today))
            page.mentors[-1].check_in_due = due
    page.events = club.events_for(person, today)
    page.proposals = club.own_activities(person)
    since = utcnow() - timedelta(days=14)
    for event in page.events:
        if _aware(event.created_at) >= since:
            page.news.append((_aware(event.created_at), "event", {"title": event.title}))
    for activity in page.proposals:
        if activity.decided_at is not None and _aware(activity.decided_at) >= since:
            page.news.append((_aware(activity.decided_at), activity.status.value,
                              {"title": activity.title}))
    page.news.sort(key=lambda item: item[0], reverse=True)
    audit.record(user, "young.page_viewed", subject=person)
    return page


# --- contact details: both say yes, a coordinator approves -----------------------------------


def say_yes_to_contact(person: YoungPerson, actor: User, match: Match,
                       now: datetime | None = None) -> ContactExchange:
    """One friend says yes to swapping contact details with the other."""
    now = now or utcnow()
    exchange = _exchange(match)
    if exchange is None:
        exchange = ContactExchange(match_id=match.id)
        db.session.add(exchange)
    if match.friend_a_id == person.id:
        exchange.friend_a_yes_at = exchange.friend_a_yes_at or now
    elif match.friend_b_id == person.id:
        exchange.friend_b_yes_at = exchange.friend_b_yes_at or now
    else:
        raise voice.NotAllowed(match.id)
    db.session.flush()
    audit.record(actor, "young.contact_yes", subject=match)
    return exchange


def exchanges_waiting() -> Sequence[ContactExchange]:
    """Pairs who both said yes and wait for a coordinator."""
    return db.session.scalars(
        select(ContactExchange)
        .where(ContactExchange.friend_a_yes_at.is_not(None),
               ContactExchange.friend_b_yes_at.is_not(None),
               ContactExchange.approved_at.is_(None))
        .order_by(ContactExchange.id)
    ).all()


@dataclass
class UnitMatters:
    """The young people's matters waiting for the unit: club proposals (with the adults who may
    host one), contact wishes to approve and open signals."""

    proposals: Sequence[ClubActivity]
    hosts: Sequence[User]
    exchanges: Sequence[ContactExchange]
    signals: Sequence[YoungSignal]


def unit_matters(user: User) -> UnitMatters:
    """What the unit's page of the young people's matters shows, logged as a read of the young
    people who raised a signal or proposed an activity."""
    proposals = club.pending()
    matters = UnitMatters(proposals=proposals, hosts=club.possible_hosts(),
                          exchanges=exchanges_waiting(), signals=voice.open_signals())
    audit.record_list(user, "young.unit_inbox_viewed",
                      [s.young_person_id for s in matters.signals if s.young_person_id]
                      + [a.proposed_by_id for a in proposals if a.proposed_by_id])
    return matters


def approve_exchange(exchange: ContactExchange, *, by: User,
                     now: datetime | None = None) -> None:
    if not exchange.both_said_yes:
        raise voice.NotAllowed(exchange.match_id)
    exchange.approved_at = now or utcnow()
    exchange.approved_by_id = by.id
    db.session.flush()
    audit.record(by, "young.contact_approved", subject=exchange.match)

