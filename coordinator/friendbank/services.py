"""The friend bank (vennebank): young people sign up, a coordinator verifies them into the pool."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, or_, select

from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.matches.models import Match
from coordinator.matches.open_matches import discard_open_matches
from coordinator.referrals.models import (
    Consent,
    ConsentGiver,
    FriendBankStatus,
    SignupSource,
    YoungPerson,
)
from coordinator.referrals.services import ConsentData
from coordinator.volunteers.models import Gender

# Ages: from 15 a young person signs up and consents alone; staff may sign up from 13.
SELF_MIN_AGE, STAFF_MIN_AGE, MAX_AGE = 15, 13, 23
# The text a young person agrees to on the public page (kept with the consent record).
SELF_CONSENT_SCOPE = (
    "Tilmelding til vennebanken: koordineringsenheden gemmer oplysningerne og må dele fornavn, "
    "alder og interesser med en anden ung, når et venskab foreslås."
)
VERIFIERS = (Role.COORDINATOR, Role.ADMIN)


class NotFound(LookupError):
    """No such friend-bank member, or not for this user: the view answers 404."""


@dataclass
class FriendData:
    first_name: str
    birth_year: int
    postcode: str
    gender: Gender | None = None
    email: str | None = None
    interests: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    about: str = ""
    same_gender_friend: bool = False


def _person(data: FriendData, source: SignupSource, by: User | None) -> YoungPerson:
    return YoungPerson(
        first_name=data.first_name,
        birth_year=data.birth_year,
        postcode=data.postcode,
        gender=data.gender,
        email=data.email,
        interests=list(data.interests),
        availability=list(data.availability),
        about=data.about,
        friend_gender_wish=data.gender if data.same_gender_friend else None,
        friend_bank_status=FriendBankStatus.PENDING,
        signup_source=source,
        signed_up_by_id=by.id if by is not None else None,
    )


def sign_up_self(data: FriendData, today: date) -> YoungPerson:
    """A young person of 15 to 23 signs up with their own consent; a coordinator verifies."""
    person = _person(data, SignupSource.SELF, None)
    person.consents.append(Consent(
        given_by=ConsentGiver.YOUNG_PERSON, giver_name=data.first_name, given_on=today,
        scope=SELF_CONSENT_SCOPE, form_location="Online",
    ))
    db.session.add(person)
    db.session.flush()
    audit.record(None, "young_person.friend_bank_signed_up", subject=person,
                 actor_label="public sign-up")
    return person


def sign_up_by_staff(actor: User, data: FriendData, consent: ConsentData) -> YoungPerson:
    """A caseworker or pedagogue signs up a young person (from 13) with consent."""
    person = _person(data, SignupSource.CASEWORKER, actor)
    person.consents.append(Consent(
        given_by=consent.given_by, giver_name=consent.giver_name, given_on=consent.given_on,
        scope=consent.scope, form_location=consent.form_location, recorded_by_id=actor.id,
    ))
    db.session.add(person)
    db.session.flush()
    audit.record(actor, "young_person.friend_bank_signed_up", subject=person)
    return person


def get_member_for(user: User, person_id: int) -> YoungPerson:
    """A friend-bank member, for the coordinators who verify them."""
    person = db.session.get(YoungPerson, person_id)
    if person is None or person.friend_bank_status is None or user.role not in VERIFIERS:
        raise NotFound(person_id)
    return person


def members(status: FriendBankStatus | None = None) -> Select:
    """Friend-bank members, those waiting for verification first: a query to page through."""
    statement = select(YoungPerson).where(YoungPerson.friend_bank_status.is_not(None))
    if status is not None:
        statement = statement.where(YoungPerson.friend_bank_status == status)
    return statement.order_by(
        YoungPerson.friend_bank_status.desc(), YoungPerson.created_at, YoungPerson.id
    )


def record_view(actor: User, person: YoungPerson) -> None:
    audit.record(actor, "young_person.viewed", subject=person)


def verify(person: YoungPerson, actor: User, now: datetime | None = None) -> None:
    """Let a pending member into the pool."""
    if person.friend_bank_status != FriendBankStatus.PENDING:
        return
    person.friend_bank_status = FriendBankStatus.VERIFIED
    person.verified_by_id = actor.id
    person.verified_at = now or utcnow()
    audit.record(actor, "young_person.friend_bank_verified", subject=person)


def mark_left(person: YoungPerson, actor: User) -> None:
    """Take a member out of the pool (they left, or were not verified); suggested pairs with
    them are set aside."""
    person.friend_bank_status = FriendBankStatus.LEFT
    discard_open_matches(
        or_(Match.friend_a_id == person.id, Match.friend_b_id == person.id),
        by=actor,
        reason="left the friend bank",
    )
    audit.record(actor, "young_person.friend_bank_left", subject=person)
