"""The friend bank (vennebank): young people sign up, a coordinator verifies them into the pool."""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Select, or_, select

from coordinator import mail
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.matches.services import discard_open_matches
from coordinator.pagination import Page, paginate
from coordinator.referrals.models import (
    Consent,
    ConsentGiver,
    FriendBankStatus,
    SignupSource,
    YoungPerson,
)
from coordinator.referrals.services import ConsentData
from coordinator.vocabulary import MatchType
from coordinator.volunteers.models import Gender

# Ages: from 15 a young person signs up and consents alone; staff may sign up from 13.
SELF_MIN_AGE, STAFF_MIN_AGE, MAX_AGE = 15, 13, 23
# The text a young person agrees to on the public page (kept with the consent record).
SELF_CONSENT_SCOPE = (
    "Tilmelding til vennebanken: koordineringsenheden gemmer oplysningerne og må dele fornavn, "
    "alder og interesser med en anden ung, når et venskab foreslås."
)
VERIFIERS = (Role.COORDINATOR, Role.ADMIN)
CONFIRM_SALT = "friend-bank-email-confirm"


@dataclass
class FriendData:
    first_name: str
    birth_year: int
    postcode: str
    gender: Gender | None = None
    email: str | None = None
    phone: str | None = None
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
        phone=data.phone,
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
    if person.email:
        send_confirmation(person)
    return person


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def send_confirmation(person: YoungPerson) -> None:
    """Queue the e-mail with the signed, expiring link that confirms the young person's address."""
    if person.email is None:
        raise ValueError("a young person without an e-mail address has nothing to confirm")
    mail.queue(
        person.email,
        "friend_confirm",
        name=person.first_name,
        token=_serializer().dumps({"person": person.id, "email": person.email}),
        hours=int(current_app.config["EMAIL_CONFIRM_MAX_AGE"]) // 3600,
        days=int(current_app.config["RETENTION_FRIENDBANK_UNVERIFIED_DAYS"]),
    )


class ConfirmationFailed(ValueError):
    """The link is broken, expired, or names an address the sign-up no longer has."""


def confirm_email(token: str, now: datetime | None = None) -> YoungPerson:
    """Mark the e-mail address of a friend-bank sign-up as confirmed."""
    try:
        data = _serializer().loads(token, max_age=int(current_app.config["EMAIL_CONFIRM_MAX_AGE"]))
    except BadSignature as error:  # SignatureExpired is a BadSignature too
        raise ConfirmationFailed() from error
    if not isinstance(data, dict) or not isinstance(data.get("person"), int):
        raise ConfirmationFailed()
    person = db.session.get(YoungPerson, data["person"])
    if person is None or person.email is None or person.email != data.get("email"):
        raise ConfirmationFailed()
    if person.email_confirmed_at is None:
        person.email_confirmed_at = now or utcnow()
        audit.record(None, "young_person.email_confirmed", subject=person,
                     actor_label="confirmation link")
    return person


def reachable(person: YoungPerson) -> bool:
    """A young person can be reached by a confirmed e-mail or a phone (staff sign-ups: staff)."""
    if person.signup_source != SignupSource.SELF:
        return True
    return bool(person.phone) or person.email_confirmed_at is not None


class NotReachable(Exception):
    """A self sign-up with neither a confirmed e-mail nor a phone cannot enter the pool."""


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


def get_member_for(user: User, person_id: int) -> YoungPerson | None:
    """A friend-bank member, for the coordinators who verify them; else None."""
    person = db.session.get(YoungPerson, person_id)
    if person is None or person.friend_bank_status is None or user.role not in VERIFIERS:
        return None
    return person


def members(status: FriendBankStatus | None = None) -> Select:
    """Friend-bank members, those waiting for verification first: a query to page through."""
    statement = select(YoungPerson).where(YoungPerson.friend_bank_status.is_not(None))
    if status is not None:
        statement = statement.where(YoungPerson.friend_bank_status == status)
    return statement.order_by(
        YoungPerson.friend_bank_status.desc(), YoungPerson.created_at, YoungPerson.id
    )


def signed_up_by(user: User) -> Select:
    """The friend-bank members `user` signed up themselves (a caseworker's own young people,
    never a colleague's), newest first: a query to page through."""
    return (
        select(YoungPerson)
        .where(
            YoungPerson.friend_bank_status.is_not(None),
            YoungPerson.signed_up_by_id == user.id,
        )
        .order_by(YoungPerson.created_at.desc(), YoungPerson.id.desc())
    )


def in_running_pair(person_ids: list[int]) -> set[int]:
    """Which of these young people are in a running friend pair (one query for a page)."""
    if not person_ids:
        return set()
    rows = db.session.execute(
        select(Match.friend_a_id, Match.friend_b_id).where(
            Match.match_type == MatchType.FRIEND_BANK,
            Match.status == MatchStatus.ACTIVE,
            or_(Match.friend_a_id.in_(person_ids), Match.friend_b_id.in_(person_ids)),
        )
    ).all()
    return {person_id for row in rows for person_id in row if person_id in person_ids}


def view_member(actor: User, person_id: int) -> YoungPerson | None:
    """A friend-bank member `actor` may verify (else None); the read is logged."""
    person = get_member_for(actor, person_id)
    if person is not None:
        audit.record(actor, "young_person.viewed", subject=person)
    return person


def member_list(actor: User, status: FriendBankStatus | None, *, number: int) -> Page:
    """Page `number` of the members (of one `status`, or all); the people shown are logged."""
    page = paginate(members(status), number=number)
    audit.record_list(actor, "friend_bank.listed", page.items,
                      status=status.value if status else None, page=page.number)
    return page


@dataclass(frozen=True)
class OwnYoungPeople:
    """A page of the young people a caseworker signed up, and which of them have a friend."""

    page: Page
    paired: set[int]


def own_young_people(actor: User, *, number: int) -> OwnYoungPeople:
    """Page `number` of the young people `actor` signed up, with who is in a running pair; the
    people shown are logged."""
    page = paginate(signed_up_by(actor), number=number)
    paired = in_running_pair([person.id for person in page.items])
    audit.record_list(actor, "friend_bank.own_listed", page.items, page=page.number)
    return OwnYoungPeople(page=page, paired=paired)


def verify(person: YoungPerson, actor: User, now: datetime | None = None) -> None:
    """Let a pending member into the pool."""
    if person.friend_bank_status != FriendBankStatus.PENDING:
        return
    if not reachable(person):
        raise NotReachable(person.id)
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
