"""The one place where database rows become the matching library's plain records and back.

`matching` knows nothing of Flask or SQLAlchemy; this module loads what it needs in a fixed number
of queries, whatever the number of rows, and turns its proposals into things the views can show.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import matching
from coordinator.extensions import db
from coordinator.matches.models import LIVE_STATUSES, Match, MatchStatus
from coordinator.referrals.models import Family, Referral, YoungPerson
from coordinator.volunteers.models import HouseholdMember, Volunteer, VolunteerStatus

CERTIFICATE_AGE = 15
MATCHABLE_TYPES = frozenset(matching.MATCH_TYPES)


def age_on(birth_year: int, today: date) -> int:
    """Age in whole years from a birth year (we never store a birth date)."""
    return today.year - birth_year


def certificate_until(volunteer: Volunteer, today: date) -> date | None:
    """The day the volunteer's child-certificate cover ends, or None if anyone lacks one.

    A family is covered only while every household member aged 15 or more has a recorded,
    acceptable certificate too; the earliest of their valid-until dates is the family's.
    """
    from coordinator.volunteers.models import CertificateAssessment

    required: list[HouseholdMember | None] = [None] + [
        member
        for member in volunteer.household
        if age_on(member.birth_year, today) >= CERTIFICATE_AGE
    ]
    best: dict[int | None, date] = {}
    for certificate in volunteer.certificates:
        if certificate.valid_until is None or certificate.assessment in (
            None,
            CertificateAssessment.NOT_SUITABLE,
        ):
            continue
        key = certificate.household_member_id
        if key not in best or certificate.valid_until > best[key]:
            best[key] = certificate.valid_until
    dates = [best.get(member.id if member else None) for member in required]
    if any(value is None for value in dates):
        return None
    return min(dates)


def live_match_counts(volunteer_ids: Iterable[int] | None = None) -> dict[int, int]:
    """How many active or paused matches each volunteer has (one query)."""
    query = (
        select(Match.volunteer_id, func.count())
        .where(Match.status.in_(LIVE_STATUSES), Match.volunteer_id.is_not(None))
        .group_by(Match.volunteer_id)
    )
    if volunteer_ids is not None:
        query = query.where(Match.volunteer_id.in_(list(volunteer_ids)))
    return {volunteer_id: count for volunteer_id, count in db.session.execute(query)}


def volunteer_record(volunteer: Volunteer, *, live: int, today: date) -> dict[str, Any]:
    """The matcher's view of a volunteer: profile, free places, screening and certificate."""
    return {
        "id": volunteer.id,
        "kind": volunteer.kind.value,
        "age": age_on(volunteer.birth_year, today),
        "gender": volunteer.gender.value if volunteer.gender else None,
        "postcode": volunteer.postcode,
        "languages": list(volunteer.languages or []),
        "interests": list(volunteer.interests or []),
        "helps_with": list(volunteer.helps_with or []),
        "offers": [offer for offer in volunteer.offers or [] if offer in MATCHABLE_TYPES],
        "availability": list(volunteer.availability or []),
        "capacity": max(volunteer.capacity - live, 0),
        "screened": volunteer.status == VolunteerStatus.APPROVED,
        "child_certificate_until": certificate_until(volunteer, today),
        "lived_experience": list(volunteer.lived_experience or []),
        "about": volunteer.about or "",
    }


def _volunteer_query():
    return select(Volunteer).options(
        selectinload(Volunteer.household), selectinload(Volunteer.certificates)
    )


def matchable_volunteers(today: date, *, include_full: bool = False) -> list[dict[str, Any]]:
    """Records of every approved volunteer with a free place, in a fixed number of queries.

    With `include_full`, volunteers whose places are all taken are included too (capacity 0).
    """
    volunteers = db.session.scalars(
        _volunteer_query()
        .where(Volunteer.status == VolunteerStatus.APPROVED)
        .order_by(Volunteer.id)
    ).all()
    live = live_match_counts()
    records = [volunteer_record(v, live=live.get(v.id, 0), today=today) for v in volunteers]
    return [record for record in records if include_full or record["capacity"] >= 1]


def volunteer_records(volunteer_ids: Iterable[int], today: date) -> dict[int, dict[str, Any]]:
    """Records of the given volunteers whatever their status (for checking a manual choice)."""
    ids = list(volunteer_ids)
    volunteers = db.session.scalars(_volunteer_query().where(Volunteer.id.in_(ids))).all()
    live = live_match_counts(ids)
    return {v.id: volunteer_record(v, live=live.get(v.id, 0), today=today) for v in volunteers}


def seeker_record(referral: Referral, today: date) -> dict[str, Any]:
    """The matcher's view of a referral: the young person or family and what they need."""
    base: dict[str, Any] = {
        "id": referral.id,
        "match_type": referral.match_type.value,
        "needs": list(referral.needs or []),
        "phase": referral.phase.value,
    }
    if referral.young_person is not None:
        person = referral.young_person
        wish = person.volunteer_gender_wish
        return base | {
            "kind": "person",
            "age": age_on(person.birth_year, today),
            "gender": person.gender.value if person.gender else None,
            "postcode": person.postcode,
            "languages": list(person.languages or []),
            "interests": list(person.interests or []),
            "availability": list(person.availability or []),
            "preferences": {"volunteer_gender": wish.value} if wish else {},
            "about": " ".join(filter(None, [person.about, referral.description_for_volunteer])),
        }
    family: Family = referral.family
    ages = [age_on(child.birth_year, today) for child in family.children] or [18]
    wish = family.volunteer_gender_wish
    return base | {
        "kind": "family",
        "age": min(ages),  # the youngest child decides whether a certificate is needed
        "gender": None,
        "postcode": family.postcode,
        "languages": list(family.languages or []),
        "interests": list(family.interests or []),
        "availability": list(family.availability or []),
        "preferences": {"volunteer_gender": wish.value} if wish else {},
        "about": " ".join(filter(None, [family.about, referral.description_for_volunteer])),
    }


def referral_query():
    """Referrals with their young person or family loaded (no per-row queries)."""
    return select(Referral).options(
        selectinload(Referral.young_person),
        selectinload(Referral.family).selectinload(Family.children),
    )


def young_person_record(person: YoungPerson, today: date) -> dict[str, Any]:
    """The friend bank's view of a young person."""
    wish = person.friend_gender_wish
    return {
        "id": person.id,
        "kind": "person",
        "age": age_on(person.birth_year, today),
        "gender": person.gender.value if person.gender else None,
        "postcode": person.postcode,
        "languages": list(person.languages or []),
        "interests": list(person.interests or []),
        "availability": list(person.availability or []),
        "match_type": "friend_bank",
        "preferences": {"friend_gender": wish.value} if wish else {},
        "about": person.about or "",
    }


def declined_pairs(referral_ids: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """(referral, volunteer) pairs never to propose again: declined or discarded after an offer."""
    query = select(Match.referral_id, Match.volunteer_id).where(
        Match.status == MatchStatus.DECLINED, Match.referral_id.is_not(None)
    )
    if referral_ids is not None:
        query = query.where(Match.referral_id.in_(list(referral_ids)))
    return {(referral_id, volunteer_id) for referral_id, volunteer_id in db.session.execute(query)}


def reasons_to_rows(reasons: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Store reasons as JSON-friendly [code, value] lists."""
    return [[code, value] for code, value in reasons]
