"""Caseworkers' referrals of a young person or a family, with the consent behind each.

Every lookup is scoped to the caller: a caseworker only ever finds their own referrals, so
guessing another id gives a 404, never someone else's family.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from coordinator import reference_data
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.notifications.services import active_users, notify
from coordinator.pagination import Page, paginate
from coordinator.people import sync_people
from coordinator.referrals import signals
from coordinator.referrals.models import (
    Consent,
    ConsentGiver,
    Family,
    FamilyChild,
    Referral,
    ReferralStatus,
    YoungPerson,
)
from coordinator.vocabulary import MatchType, Phase
from coordinator.volunteers.models import Gender

# Staff who see every referral (to match it); a caseworker sees only their own.
SEES_ALL = (Role.COORDINATOR, Role.ADMIN)
CHANGEABLE = (ReferralStatus.WAITING, ReferralStatus.IN_PROGRESS, ReferralStatus.MATCHED)
WITHDRAWABLE = (ReferralStatus.WAITING, ReferralStatus.IN_PROGRESS)
# From this age a young person consents for themselves.
CONSENT_AGE = 15


class NotAllowedNow(ValueError):
    """The referral's status does not allow this (e.g. withdrawing a closed referral)."""


@dataclass
class ConsentData:
    given_by: ConsentGiver
    giver_name: str
    given_on: date
    scope: str
    form_location: str | None


@dataclass
class ReferralData:
    """What the caseworker asks for, apart from who the person or family is."""

    phase: Phase
    match_type: MatchType
    postcode: str
    needs: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    volunteer_gender_wish: Gender | None = None
    description_for_volunteer: str = ""
    case_notes: str = ""


@dataclass
class PersonData:
    first_name: str
    birth_year: int
    gender: Gender | None = None


@dataclass
class FamilyData:
    display_name: str
    children: list[tuple[str, int]] = field(default_factory=list)  # (first name, birth year)


# --- lookups -------------------------------------------------------------------------------


def get_referral_for(user: User, referral_id: int) -> Referral | None:
    """The referral `user` may see (a caseworker their own, a coordinator any), else None."""
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        return None
    if user.role in SEES_ALL or (
        user.role == Role.CASEWORKER and referral.caseworker_id == user.id
    ):
        return referral
    return None


def get_own_referral(user: User, referral_id: int) -> Referral | None:
    """A referral only its own caseworker may change; anyone else's is None."""
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.caseworker_id != user.id:
        return None
    return referral


@dataclass(frozen=True)
class ReferralFilters:
    """What a list of referrals is narrowed to; every field None means "any"."""

    status: ReferralStatus | None = None
    phase: Phase | None = None
    match_type: MatchType | None = None
    district: str | None = None  # a town; see reference_data.districts()
    waited_days: int | None = None  # referred at least this many days ago
    name: str = ""  # part of the young person's first name or the family's name


def referrals_for(
    user: User,
    status: ReferralStatus | None = None,
    *,
    filters: ReferralFilters | None = None,
    today: date | None = None,
) -> Select:
    """A caseworker's own referrals; every referral for a coordinator. Newest first.

    Returned as a query to page through; the young person or family (with the children) comes
    in the same few statements whatever the page size. `filters` narrows it in SQL.
    """
    filters = filters or ReferralFilters(status=status)
    statement = (
        select(Referral)
        .options(
            selectinload(Referral.young_person),
            selectinload(Referral.family).selectinload(Family.children),
        )
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    )
    if user.role not in SEES_ALL:
        statement = statement.where(Referral.caseworker_id == user.id)
    if filters.status is not None:
        statement = statement.where(Referral.status == filters.status)
    if filters.phase is not None:
        statement = statement.where(Referral.phase == filters.phase)
    if filters.match_type is not None:
        statement = statement.where(Referral.match_type == filters.match_type)
    if filters.district:
        codes = reference_data.postcodes_of(filters.district)
        statement = statement.where(
            or_(
                Referral.young_person.has(YoungPerson.postcode.in_(codes)),
                Referral.family.has(Family.postcode.in_(codes)),
            )
        )
    if filters.waited_days is not None:
        day = (today or date.today()) - timedelta(days=filters.waited_days)
        cutoff = datetime.combine(day, time.max, tzinfo=UTC)
        statement = statement.where(Referral.created_at <= cutoff)
    if filters.name:
        like = f"%{filters.name.lower()}%"
        statement = statement.where(
            or_(
                Referral.young_person.has(func.lower(YoungPerson.first_name).like(like)),
                Referral.family.has(func.lower(Family.display_name).like(like)),
            )
        )
    return statement


def list_referrals(
    user: User, filters: ReferralFilters, *, number: int, shown: dict[str, Any]
) -> Page:
    """Page `number` of the referrals `user` may see, logged as a list they read (with the
    filters as the address shows them, `shown`)."""
    page = paginate(referrals_for(user, filters=filters), number=number)
    audit.record_list(user, "referrals.listed", page.items, page=page.number, **shown)
    return page


def has_shortlist(referral: Referral) -> bool:
    """Whether a shortlist waits for the family's choice (the caseworker presents it)."""
    return any(waiting for _, waiting in signals.shortlist_asked.send(referral))


def record_view(actor: User, referral: Referral) -> None:
    audit.record(actor, "referral.viewed", subject=referral)


# --- create, change, withdraw ------------------------------------------------------------------


def _apply(referral: Referral, seeker: YoungPerson | Family, data: ReferralData) -> None:
    referral.phase = data.phase
    referral.match_type = data.match_type
    referral.needs = list(data.needs)
    referral.description_for_volunteer = data.description_for_volunteer
    referral.case_notes = data.case_notes
    seeker.postcode = data.postcode
    seeker.interests = list(data.interests)
    seeker.languages = list(data.languages)
    seeker.availability = list(data.availability)
    seeker.volunteer_gender_wish = data.volunteer_gender_wish


def _add_consent(referral: Referral, actor: User, consent: ConsentData) -> Consent:
    record = Consent(
        given_by=consent.given_by,
        giver_name=consent.giver_name,
        given_on=consent.given_on,
        scope=consent.scope,
        form_location=consent.form_location,
        recorded_by_id=actor.id,
        young_person=referral.young_person,
    )
    referral.consents.append(record)
    return record


def refer_young_person(
    caseworker: User, person: PersonData, data: ReferralData, consent: ConsentData
) -> Referral:
    """Create a young person and their referral, with the consent behind it."""
    young_person = YoungPerson(
        first_name=person.first_name, birth_year=person.birth_year, gender=person.gender,
        postcode=data.postcode, phase=data.phase,
    )
    referral = Referral(caseworker=caseworker, young_person=young_person,
                        status=ReferralStatus.WAITING)
    _apply(referral, young_person, data)
    _add_consent(referral, caseworker, consent)
    db.session.add(referral)
    db.session.flush()
    audit.record(caseworker, "young_person.created", subject=young_person)
    audit.record(caseworker, "referral.created", subject=referral)
    _tell_coordinators(referral)
    return referral


def refer_family(
    caseworker: User, family_data: FamilyData, data: ReferralData, consent: ConsentData
) -> Referral:
    """Create a family and its referral, with the consent behind it."""
    family = Family(display_name=family_data.display_name, postcode=data.postcode)
    family.children = [FamilyChild(first_name=n, birth_year=y) for n, y in family_data.children]
    referral = Referral(caseworker=caseworker, family=family, status=ReferralStatus.WAITING)
    _apply(referral, family, data)
    _add_consent(referral, caseworker, consent)
    db.session.add(referral)
    db.session.flush()
    audit.record(caseworker, "family.created", subject=family)
    audit.record(caseworker, "referral.created", subject=referral)
    _tell_coordinators(referral)
    return referral


def _tell_coordinators(referral: Referral) -> None:
    """A new referral waits for a shortlist: every coordinator is told once."""
    notify(active_users(Role.COORDINATOR), "referral_new", referral=referral,
           link=("matches.referral", {"referral_id": referral.id}))


def latest_consent(referral: Referral) -> Consent | None:
    if not referral.consents:
        return None
    return max(referral.consents, key=lambda c: (c.given_on, c.id or 0))


def _consent_changed(old: Consent | None, new: ConsentData) -> bool:
    if old is None:
        return True
    return (old.given_by, old.giver_name, old.given_on, old.scope, old.form_location) != (
        new.given_by, new.giver_name, new.given_on, new.scope, new.form_location)


def update_referral(
    referral: Referral,
    actor: User,
    data: ReferralData,
    consent: ConsentData,
    *,
    person: PersonData | None = None,
    family_data: FamilyData | None = None,
) -> None:
    """Save changes; a changed consent is added as a new record, so the history stays."""
    if referral.status not in CHANGEABLE:
        raise NotAllowedNow(referral.status)
    seeker = referral.seeker
    _apply(referral, seeker, data)
    if person is not None and referral.young_person is not None:
        referral.young_person.first_name = person.first_name
        referral.young_person.birth_year = person.birth_year
        referral.young_person.gender = person.gender
        referral.young_person.phase = data.phase
    if family_data is not None and referral.family is not None:
        referral.family.display_name = family_data.display_name
        sync_people(
            referral.family.children,
            family_data.children,
            lambda name, year: FamilyChild(first_name=name, birth_year=year),
        )
    # Recorded before any query can autoflush, so each entry lists the fields that changed.
    audit.record(actor, "referral.updated", subject=referral)
    if audit.changed_fields(seeker):
        kind = "young_person" if referral.young_person is not None else "family"
        audit.record(actor, f"{kind}.updated", subject=seeker)
    if _consent_changed(latest_consent(referral), consent):
        _add_consent(referral, actor, consent)
    db.session.flush()


def withdraw(referral: Referral, actor: User, now: datetime | None = None) -> int:
    """Withdraw a referral that is not yet matched; open proposals for it are discarded."""
    if referral.status not in WITHDRAWABLE:
        raise NotAllowedNow(referral.status)
    discarded = sum(count for _, count in signals.withdrawing.send(
        referral, by=actor, reason="referral withdrawn"))
    referral.status = ReferralStatus.WITHDRAWN
    referral.withdrawn_at = now or utcnow()
    audit.record(actor, "referral.withdrawn", subject=referral, detail={"discarded": discarded})
    return discarded


# --- the timeline in plain words ---------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime | date
    code: str
    detail: str = ""


def timeline(referral: Referral) -> list[TimelineEvent]:
    """What has happened to the referral, oldest first."""
    events = [TimelineEvent(referral.created_at, "created")]
    for consent in sorted(referral.consents, key=lambda c: c.id or 0):
        events.append(TimelineEvent(consent.recorded_at or referral.created_at, "consent",
                                    consent.giver_name))
    for _, steps in signals.timeline_asked.send(referral):
        events.extend(steps)
    if referral.withdrawn_at is not None:
        events.append(TimelineEvent(referral.withdrawn_at, "withdrawn"))
    return sorted(events, key=lambda e: _sort_key(e.when))


def _sort_key(when: datetime | date) -> datetime:
    if isinstance(when, datetime):
        return when if when.tzinfo else when.astimezone()
    return datetime.combine(when, datetime.min.time()).astimezone()
