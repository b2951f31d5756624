"""Records the event tests share: events, matched young people and friend-bank pairs."""

from datetime import UTC, date, datetime, timedelta

from coordinator.events.models import Event
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import FriendBankStatus
from coordinator.vocabulary import MatchType
from tests import factories


def make_event(**fields) -> Event:
    event = Event(
        title=fields.pop("title", "Spilaften"),
        description=fields.pop("description", "Brætspil og pizza."),
        starts_at=fields.pop("starts_at", datetime.now(UTC) + timedelta(days=7)),
        location=fields.pop("location", "Byens Hus"),
        places=fields.pop("places", 10),
        **fields,
    )
    db.session.add(event)
    db.session.flush()
    return event


def friend_bank_member(age: int = 16, **fields):
    return factories.make_young_person(
        birth_year=date.today().year - age, friend_bank_status=FriendBankStatus.VERIFIED, **fields
    )


def live_match(volunteer=None, caseworker=None, age: int = 14, first_name: str = "Mikkel"):
    """A young person in an active mentor match; returns (match, young person)."""
    person = factories.make_young_person(first_name=first_name,
                                         birth_year=date.today().year - age)
    referral = factories.make_referral(caseworker=caseworker, young_person=person)
    match = Match(
        match_type=MatchType.MENTOR,
        referral=referral,
        volunteer=volunteer if volunteer is not None else factories.make_volunteer(),
        status=MatchStatus.ACTIVE,
    )
    db.session.add(match)
    db.session.flush()
    return match, person


def friend_pair(age_a: int = 16, age_b: int = 17):
    a = friend_bank_member(age_a, first_name="Asta")
    b = friend_bank_member(age_b, first_name="Bertil")
    match = Match(match_type=MatchType.FRIEND_BANK, friend_a=a, friend_b=b,
                  status=MatchStatus.ACTIVE)
    db.session.add(match)
    db.session.flush()
    return match
